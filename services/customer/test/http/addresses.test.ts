import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ADDRESSES } from "../../src/domain/customer.ts";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
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

const paris = address({ line1: "1 Rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" });
const rome = address({ line1: "Via del Corso 1", city: "Roma", postalCode: "00186", country: "IT" });
const defaultOf = (c: { addresses: { city: string; default: boolean }[] }) =>
  c.addresses.filter((a) => a.default).map((a) => a.city);

describe("POST /customers/{id}/addresses", () => {
  it("the first address becomes the default shipping address", async () => {
    const created = await api.registered();
    const res = await api.addAddress(created.id, address());
    const customer = customerOf(res);
    expect(customer.version).toBe(2);
    expect(customer.addresses).toEqual([{ id: res.headers["x-address-id"], ...address(), default: true }]);
    await expectConsistent(t, created.id);
  });

  it("a later one is not the default unless sent with default: true", async () => {
    const created = await api.registered({ address: address() });
    const added = customerOf(await api.addAddress(created.id, paris));
    expect(defaultOf(added)).toEqual(["Berlin"]);
    const chosen = customerOf(await api.addAddress(created.id, { ...rome, default: true }));
    expect(chosen.addresses.map((a) => a.city)).toEqual(["Berlin", "Paris", "Roma"]);
    expect(defaultOf(chosen)).toEqual(["Roma"]);
    await expectConsistent(t, created.id);
  });

  it("an address the customer already has is not saved twice", async () => {
    const created = await api.registered({ address: address() });
    const same = await expectNoWrite(t.db, () =>
      api.addAddress(created.id, address({ line1: " Unter den Linden 1 " })),
    );
    expect(customerOf(same)).toEqual(created);
    expect(same.headers["x-address-id"]).toBe(created.addresses[0]!.id);
  });

  it(`keeps at most ${MAX_ADDRESSES} addresses (422, nothing written)`, async () => {
    const created = await api.registered();
    for (let i = 0; i < MAX_ADDRESSES; i++)
      customerOf(await api.addAddress(created.id, address({ line1: `Street ${i}` })));
    expectProblem(
      await expectNoWrite(t.db, () => api.addAddress(created.id, paris)),
      422,
      "customer.too_many_addresses",
    );
  });

  it("an unknown customer → 404, nothing written", async () => {
    expectProblem(
      await expectNoWrite(t.db, () => api.addAddress(newUuid(), address())),
      404,
      "customer.not_found",
    );
  });
});

describe("POST /customers/{id}/addresses/{addressId}/default", () => {
  it("makes a saved address the default", async () => {
    const created = await api.registered({ address: address() });
    const withParis = customerOf(await api.addAddress(created.id, paris));
    const parisId = withParis.addresses[1]!.id;
    const chosen = customerOf(await api.setDefault(created.id, parisId));
    expect(defaultOf(chosen)).toEqual(["Paris"]);
    expect(chosen.version).toBe(3);
    await expectConsistent(t, created.id);
  });

  it("the default again changes nothing", async () => {
    const created = await api.registered({ address: address() });
    const res = await expectNoWrite(t.db, () => api.setDefault(created.id, created.addresses[0]!.id));
    expect(customerOf(res)).toEqual(created);
  });

  it("an address of another customer → 404 customer.address_not_found, nothing written", async () => {
    const mine = await api.registered({ address: address() });
    const theirs = await api.registered({ address: paris });
    const res = await expectNoWrite(t.db, () => api.setDefault(mine.id, theirs.addresses[0]!.id));
    expectProblem(res, 404, "customer.address_not_found");
  });

  it("an unknown customer → 404 customer.not_found", async () => {
    expectProblem(await api.setDefault(newUuid(), newUuid()), 404, "customer.not_found");
  });
});

describe("DELETE /customers/{id}/addresses/{addressId}", () => {
  it("forgets a non-default address", async () => {
    const created = await api.registered({ address: address() });
    const withParis = customerOf(await api.addAddress(created.id, paris));
    const removed = customerOf(await api.removeAddress(created.id, withParis.addresses[1]!.id));
    expect(removed.addresses.map((a) => a.city)).toEqual(["Berlin"]);
    expect(defaultOf(removed)).toEqual(["Berlin"]);
    await expectConsistent(t, created.id);
  });

  it("removing the default leaves no default", async () => {
    const created = await api.registered({ address: address() });
    customerOf(await api.addAddress(created.id, paris));
    const removed = customerOf(await api.removeAddress(created.id, created.addresses[0]!.id));
    expect(removed.addresses.map((a) => a.city)).toEqual(["Paris"]);
    expect(defaultOf(removed)).toEqual([]);
    await expectConsistent(t, created.id);
  });

  it("an address removed before → 404, nothing written", async () => {
    const created = await api.registered({ address: address() });
    customerOf(await api.removeAddress(created.id, created.addresses[0]!.id));
    const again = await expectNoWrite(t.db, () => api.removeAddress(created.id, created.addresses[0]!.id));
    expectProblem(again, 404, "customer.address_not_found");
  });
});
