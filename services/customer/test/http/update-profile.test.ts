import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  type CustomersApi,
  customerOf,
  customersApi,
  expectConsistent,
  expectNoWrite,
  expectProblem,
  newUuid,
} from "../support/customers-api.ts";

let t: CustomerTestApp;
let api: CustomersApi;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
});
afterAll(() => t.close());

describe("PATCH /customers/{id}", () => {
  it("changes the name: 200, the next ETag, stored on both sides", async () => {
    const created = await api.registered();
    const res = await api.patch(created.id, { name: "Ada King" });
    const updated = customerOf(res);
    expect(updated).toEqual({ ...created, name: "Ada King", version: 2 });
    await expectConsistent(t, created.id);
  });

  it("changes only the preferences given", async () => {
    const created = await api.registered();
    const first = customerOf(await api.patch(created.id, { preferences: { marketingConsent: true } }));
    expect(first.preferences).toEqual({ marketingConsent: true, currency: "EUR", language: "en" });
    const second = customerOf(
      await api.patch(created.id, { preferences: { currency: "CHF", language: "de-ch" } }),
    );
    expect(second.preferences).toEqual({ marketingConsent: true, currency: "CHF", language: "de-CH" });
    expect(second.name).toBe(created.name);
    expect(second.version).toBe(3);
    await expectConsistent(t, created.id);
  });

  it("name and preferences together are one change (one version)", async () => {
    const created = await api.registered();
    const updated = customerOf(
      await api.patch(created.id, {
        name: "Grace",
        preferences: { marketingConsent: true, currency: "USD" },
      }),
    );
    expect(updated).toMatchObject({
      name: "Grace",
      preferences: { marketingConsent: true, currency: "USD" },
      version: 2,
    });
  });

  it("the values it already has change nothing: same version, nothing written", async () => {
    const created = await api.registered();
    const res = await expectNoWrite(t.db, () =>
      api.patch(created.id, { name: created.name, preferences: { ...created.preferences } }),
    );
    expect(customerOf(res)).toEqual(created);
  });

  it("takes application/merge-patch+json bodies too", async () => {
    const created = await api.registered();
    const res = await t.app.inject({
      method: "PATCH",
      url: `/customers/${created.id}`,
      headers: { "content-type": "application/merge-patch+json" },
      payload: JSON.stringify({ name: "Merged" }),
    });
    expect(customerOf(res).name).toBe("Merged");
  });

  it("an unknown customer → 404, nothing written", async () => {
    expectProblem(
      await expectNoWrite(t.db, () => api.patch(newUuid(), { name: "X" })),
      404,
      "customer.not_found",
    );
  });

  it.each([
    ["an unknown currency", { preferences: { currency: "XYZ" } }, "customer.invalid_currency"],
    ["a malformed language tag", { preferences: { language: "en-US-u-ca-x" } }, "customer.invalid_language"],
    [
      "a bad preference next to a good name",
      { name: "Fine", preferences: { currency: "ABC" } },
      "customer.invalid_currency",
    ],
  ])("%s → 422, nothing written", async (_what, body, code) => {
    const created = await api.registered();
    expectProblem(await expectNoWrite(t.db, () => api.patch(created.id, body)), 422, code);
    expect(customerOf(await api.get(created.id))).toEqual(created);
  });
});
