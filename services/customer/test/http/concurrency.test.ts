import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  type CustomerJson,
  type CustomersApi,
  countCustomers,
  customerOf,
  customersApi,
  expectConsistent,
  expectProblem,
  outboxEvents,
  uniqueEmail,
} from "../support/customers-api.ts";

let t: CustomerTestApp;
let api: CustomersApi;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
});
afterAll(() => t.close());

describe("the same email registered concurrently", () => {
  // Each round starts both requests before either has answered; the unique index decides.
  it.each([1, 2, 3, 4, 5])(
    "round %i: two registrations differing in case → exactly one 201, one 409",
    async () => {
      const email = uniqueEmail("race");
      const before = await countCustomers(t.db);
      const responses = await Promise.all([
        api.register({ email: email.toLowerCase(), name: "Lower" }),
        api.register({ email: email.toUpperCase(), name: "Upper" }),
      ]);
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses, responses.map((r) => r.body).join("\n")).toEqual([201, 409]);
      const winner = customerOf(responses.find((r) => r.statusCode === 201)!, 201);
      expectProblem(responses.find((r) => r.statusCode === 409)!, 409, "customer.email_taken");
      expect(await countCustomers(t.db)).toBe(before + 1);
      expect(await outboxEvents(t.db, winner.id)).toHaveLength(1);
      const found = (await api.find(email)).json<{ items: CustomerJson[] }>().items;
      expect(found.map((c) => c.id)).toEqual([winner.id]);
    },
  );

  it("eight at once in eight spellings → one customer, seven 409s", async () => {
    const email = uniqueEmail("crowd");
    const spellings = Array.from({ length: 8 }, (_, i) =>
      [...email].map((c, j) => ((i >> (j % 3)) & 1 ? c.toUpperCase() : c)).join(""),
    );
    const before = await countCustomers(t.db);
    const responses = await Promise.all(
      spellings.map((e, i) => api.register({ email: e, name: `Racer ${i}` })),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of responses.filter((r) => r.statusCode !== 201))
      expectProblem(r, 409, "customer.email_taken");
    expect(await countCustomers(t.db)).toBe(before + 1);
  });
});

describe("concurrent changes of one customer", () => {
  it("without If-Match every change lands: no lost update", async () => {
    const customer = await api.registered();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api.addAddress(customer.id, address({ line1: `Street ${i}` }))),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    const final = await expectConsistent(t, customer.id);
    expect(final.addresses.map((a) => a.line1).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `Street ${i}`).sort(),
    );
    expect(final.version).toBe(9);
    expect(final.addresses.filter((a) => a.default)).toHaveLength(1);
    // exactly one of them became the default, so exactly one address event was published
    expect((await outboxEvents(t.db, customer.id)).map((e) => e.type.split(".")[2])).toEqual([
      "customer-registered",
      "customer-address-changed",
    ]);
  });

  it("with the same If-Match exactly one writer wins, the others get 412", async () => {
    const customer = await api.registered();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        api.patch(customer.id, { name: `Writer ${i}` }, { "if-match": '"1"' }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok, results.map((r) => r.statusCode).join()).toHaveLength(1);
    for (const r of results.filter((r) => r.statusCode !== 200)) expectProblem(r, 412, "precondition_failed");
    const final = await expectConsistent(t, customer.id);
    expect(final).toMatchObject({ name: ok[0]!.json<CustomerJson>().name, version: 2 });
  });

  it("a change racing the deactivation either lands before it or is refused", async () => {
    const customer = await api.registered();
    const [rename, deactivate] = await Promise.all([
      api.patch(customer.id, { name: "Racing" }),
      api.deactivate(customer.id),
    ]);
    expect(deactivate.statusCode).toBe(200);
    const final = await expectConsistent(t, customer.id);
    expect(final.status).toBe("Deactivated");
    if (rename.statusCode === 200) expect(final).toMatchObject({ name: "Racing", version: 3 });
    else {
      expectProblem(rename, 409, "customer.deactivated");
      expect(final).toMatchObject({ name: customer.name, version: 2 });
    }
  });
});
