import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  type CustomerJson,
  customerOf,
  customersApi,
  type PageJson,
  uniqueEmail,
} from "../support/customers-api.ts";

/** Changes the read model behind the app's back, so that only a cached answer still shows the old name. */
async function renameInDatabaseOnly(t: CustomerTestApp, id: string, name: string) {
  await t.db.$executeRawUnsafe(
    "UPDATE customer_view SET document = jsonb_set(document, '{name}', to_jsonb($2::text)) WHERE id = $1::uuid",
    id,
    name,
  );
}

describe.each(["memory", "redis"] as const)("with the %s cache", (cacheMode) => {
  let t: CustomerTestApp;
  let api: ReturnType<typeof customersApi>;
  beforeAll(async () => {
    t = await createCustomerTestApp({ cacheMode });
    api = customersApi(t);
    expect(t.cache.kind).toBe(cacheMode);
  });
  afterAll(() => t.close());

  it("GET by id is served from the cache once loaded", async () => {
    const customer = await api.registered();
    customerOf(await api.get(customer.id)); // loads it into the cache
    await renameInDatabaseOnly(t, customer.id, "Changed Behind The Back");
    expect(customerOf(await api.get(customer.id)).name).toBe(customer.name);
  });

  it("a read after a write never returns the stale value: by id, by email and in list pages", async () => {
    const email = uniqueEmail("Cached");
    const customer = await api.registered({ email });
    // warm every cached view of the customer
    customerOf(await api.get(customer.id));
    expect((await api.find(email)).json<PageJson>().items[0]?.name).toBe(customer.name);
    expect(
      (await api.list({ limit: 100 })).json<PageJson>().items.find((c) => c.id === customer.id)?.name,
    ).toBe(customer.name);

    const changes: [string, () => Promise<unknown>, (c: CustomerJson) => unknown][] = [
      ["rename", () => api.patch(customer.id, { name: "Renamed" }), (c) => c.name],
      [
        "preferences",
        () => api.patch(customer.id, { preferences: { language: "fr" } }),
        (c) => c.preferences.language,
      ],
      ["address", () => api.addAddress(customer.id, address()), (c) => c.addresses.length],
      ["deactivate", () => api.deactivate(customer.id), (c) => c.status],
    ];
    const expected = ["Renamed", "fr", 1, "Deactivated"];
    for (const [i, [what, write, read]] of changes.entries()) {
      await write();
      const byId = customerOf(await api.get(customer.id));
      const byEmail = (await api.find(email.toUpperCase())).json<PageJson>().items[0]!;
      const inList = (await api.list({ limit: 100 }))
        .json<PageJson>()
        .items.find((c) => c.id === customer.id)!;
      expect([read(byId), read(byEmail), read(inList)], what).toEqual([
        expected[i],
        expected[i],
        expected[i],
      ]);
      expect(byEmail).toEqual(byId);
      expect(inList).toEqual(byId);
    }
  });

  it("a new customer shows up in a list page that was cached before", async () => {
    const first = (await api.list({ limit: 100 })).json<PageJson>();
    const customer = await api.registered();
    const second = (await api.list({ limit: 100 })).json<PageJson>();
    expect(second.items.length).toBe(first.items.length + 1);
    expect(second.items[0]?.id).toBe(customer.id);
  });
});

describe("with the cache off", () => {
  it("every read goes to the database", async () => {
    const t = await createCustomerTestApp({ cacheMode: "off" });
    try {
      const api = customersApi(t);
      const customer = await api.registered();
      customerOf(await api.get(customer.id));
      await renameInDatabaseOnly(t, customer.id, "Straight From The Database");
      expect(customerOf(await api.get(customer.id)).name).toBe("Straight From The Database");
    } finally {
      await t.close();
    }
  });
});

describe("with Redis unreachable", () => {
  it("requests are answered from the database, never failed", async () => {
    const before = process.env.REDIS_URL;
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    let t: CustomerTestApp | undefined;
    try {
      t = await createCustomerTestApp({ cacheMode: "redis" });
      expect(t.cache.kind).toBe("redis");
      const api = customersApi(t);
      const customer = await api.registered({ address: address() });
      expect(customerOf(await api.get(customer.id))).toEqual(customer);
      const renamed = customerOf(await api.patch(customer.id, { name: "Still Works" }));
      expect(customerOf(await api.get(customer.id))).toEqual(renamed);
      expect((await api.find(customer.email)).statusCode).toBe(200);
      expect((await api.list()).statusCode).toBe(200);
    } finally {
      if (before === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = before;
      await t?.close();
    }
  });
});
