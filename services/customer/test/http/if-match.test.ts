import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  type CustomerJson,
  type CustomersApi,
  customerOf,
  customersApi,
  expectConsistent,
  expectNoWrite,
  expectProblem,
  newUuid,
  type Response,
} from "../support/customers-api.ts";

let t: CustomerTestApp;
let api: CustomersApi;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
});
afterAll(() => t.close());

const paris = address({ line1: "1 Rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" });

/** A customer at version 2 (registered with an address, then a second address added). */
async function customerAtVersion2(): Promise<CustomerJson> {
  const created = await api.registered({ address: address() });
  return customerOf(await api.addAddress(created.id, paris));
}

const commands: [string, (c: CustomerJson, headers: Record<string, string>) => Promise<Response>][] = [
  ["update profile", (c, headers) => api.patch(c.id, { name: "Renamed" }, headers)],
  ["add address", (c, headers) => api.addAddress(c.id, address({ line1: "Other Street 9" }), headers)],
  ["choose default", (c, headers) => api.setDefault(c.id, c.addresses[1]!.id, headers)],
  ["remove address", (c, headers) => api.removeAddress(c.id, c.addresses[1]!.id, headers)],
  ["deactivate", (c, headers) => api.deactivate(c.id, headers)],
];

describe("optimistic concurrency with If-Match", () => {
  it.each(commands)("%s with the current ETag succeeds and answers the next one", async (_name, send) => {
    const customer = await customerAtVersion2();
    const res = await send(customer, { "if-match": '"2"' });
    expect(customerOf(res).version).toBe(3);
    expect(res.headers.etag).toBe('"3"');
    await expectConsistent(t, customer.id);
  });

  it.each(commands)(
    "%s with a stale ETag → 412 with the current version, nothing written",
    async (_name, send) => {
      const customer = await customerAtVersion2();
      const res = await expectNoWrite(t.db, () => send(customer, { "if-match": '"1"' }));
      expect(expectProblem(res, 412, "precondition_failed").currentVersion).toBe(2);
    },
  );

  it.each(commands)("%s with an ETag from the future → 412, nothing written", async (_name, send) => {
    const customer = await customerAtVersion2();
    expectProblem(
      await expectNoWrite(t.db, () => send(customer, { "if-match": '"9"' })),
      412,
      "precondition_failed",
    );
  });

  it("a stale ETag is refused even when the change would be a no-op", async () => {
    const customer = await customerAtVersion2();
    const res = await expectNoWrite(t.db, () =>
      api.patch(customer.id, { name: customer.name }, { "if-match": '"1"' }),
    );
    expectProblem(res, 412, "precondition_failed");
  });

  it('accepts the weak form W/"n"', async () => {
    const customer = await customerAtVersion2();
    expect(customerOf(await api.patch(customer.id, { name: "Weak" }, { "if-match": 'W/"2"' })).name).toBe(
      "Weak",
    );
  });

  it("the ETag from GET is what If-Match takes, and is stale after a change", async () => {
    const customer = await customerAtVersion2();
    const etag = (await api.get(customer.id)).headers.etag as string;
    customerOf(await api.patch(customer.id, { name: "First Writer" }, { "if-match": etag }));
    const second = await expectNoWrite(t.db, () =>
      api.patch(customer.id, { name: "Second Writer" }, { "if-match": etag }),
    );
    expectProblem(second, 412, "precondition_failed");
    expect(customerOf(await api.get(customer.id)).name).toBe("First Writer");
  });

  it.each(["2", '"abc"', '"2', '"-1"', "W/2", '"1", "2"'])(
    "a malformed If-Match (%s) → 400 invalid_if_match, nothing written",
    async (value) => {
      const customer = await customerAtVersion2();
      for (const [, send] of commands) {
        expectProblem(
          await expectNoWrite(t.db, () => send(customer, { "if-match": value })),
          400,
          "invalid_if_match",
        );
      }
    },
  );

  it("If-Match on an unknown customer → 404", async () => {
    expectProblem(await api.deactivate(newUuid(), { "if-match": '"1"' }), 404, "customer.not_found");
  });
});
