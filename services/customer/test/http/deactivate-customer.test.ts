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

describe("POST /customers/{id}/deactivate", () => {
  it("deactivates: status, time, the next version", async () => {
    const created = await api.registered({ address: address() });
    const res = await api.deactivate(created.id);
    const customer = customerOf(res);
    expect(customer).toMatchObject({ status: "Deactivated", version: 2 });
    expect(Date.parse(customer.deactivatedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(created.registeredAt));
    await expectConsistent(t, created.id);
  });

  it("an unknown customer → 404, nothing written", async () => {
    expectProblem(await expectNoWrite(t.db, () => api.deactivate(newUuid())), 404, "customer.not_found");
  });

  describe("a deactivated customer can't be changed further → 409 customer.deactivated, nothing written", () => {
    let customer: CustomerJson;
    beforeAll(async () => {
      const created = await api.registered({ address: address() });
      const withParis = customerOf(
        await api.addAddress(
          created.id,
          address({ line1: "1 Rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" }),
        ),
      );
      customer = customerOf(await api.deactivate(withParis.id));
    });
    const attempts: [string, (c: CustomerJson) => Promise<Response>][] = [
      ["rename", (c) => api.patch(c.id, { name: "Someone Else" })],
      ["change preferences", (c) => api.patch(c.id, { preferences: { marketingConsent: true } })],
      ["add an address", (c) => api.addAddress(c.id, address({ line1: "Somewhere 1" }))],
      ["choose the default", (c) => api.setDefault(c.id, c.addresses[1]!.id)],
      ["remove an address", (c) => api.removeAddress(c.id, c.addresses[0]!.id)],
      ["deactivate again", (c) => api.deactivate(c.id)],
    ];
    it.each(attempts)("%s", async (_what, attempt) => {
      expectProblem(await expectNoWrite(t.db, () => attempt(customer)), 409, "customer.deactivated");
      expect(customerOf(await api.get(customer.id))).toEqual(customer);
    });
  });
});
