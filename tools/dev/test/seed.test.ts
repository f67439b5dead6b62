// The demo data of `npm start` against the real catalog and customer services (separate processes
// on throw-away databases of the test PostgreSQL): seeding again, even twice at once, finds what is
// there and creates nothing more.
import { randomBytes } from "node:crypto";
import { testServerUrl } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabases, type Fleet, startFleet } from "../src/fleet.ts";
import { requestJson, useBearerToken } from "../src/http-json.ts";
import {
  DEMO_CATEGORY,
  DEMO_CUSTOMERS,
  DEMO_INITIAL_STOCK,
  DEMO_PRODUCTS,
  describeDemoData,
  seedDemoData,
} from "../src/seed.ts";

let fleet: Fleet;
let postgresUrl: string;
const prefix = `seed_${randomBytes(3).toString("hex")}_`;
const output: string[] = [];

beforeAll(async () => {
  postgresUrl = await testServerUrl();
  try {
    fleet = await startFleet({
      postgresUrl,
      only: ["catalog", "customer"],
      databasePrefix: prefix,
      portOffset: 1000 + Math.floor(Math.random() * 400) * 10,
      // The test reads what seeding left through the services' lists: from the database, not from a
      // cache that the CI's shared Redis also holds for other fleets' services of the same name.
      env: { LOG_LEVEL: "warn", CACHE_MODE: "off" },
      output: (service, line) => output.push(`[${service}] ${line}`),
    });
  } catch (error) {
    process.stderr.write(`${output.slice(-40).join("\n")}\n`);
    throw error;
  }
  // The seed and this test's reads act as staff, as `npm start` does.
  useBearerToken(await fleet.token("seed-test", ["admin"]));
}, 240_000);

afterAll(async () => {
  await fleet?.stop();
  await dropDatabases(postgresUrl, prefix);
});

interface Page<T> {
  items: T[];
}

/** Everything the two services hold, as a client sees it. */
async function everything() {
  const catalog = fleet.url("catalog");
  const categories = await requestJson<Page<{ id: string; name: string }>>(
    "GET",
    `${catalog}/categories?limit=100`,
  );
  const products = await requestJson<Page<{ id: string; sku: string; available: number }>>(
    "GET",
    `${catalog}/products?limit=100&includeDiscontinued=true`,
  );
  const customers = await requestJson<Page<{ id: string; email: string }>>(
    "GET",
    `${fleet.url("customer")}/customers?limit=100`,
  );
  return {
    categories: categories.body.items.map((c) => ({ id: c.id, name: c.name })),
    products: products.body.items.map((p) => ({ id: p.id, sku: p.sku, available: p.available })),
    customers: customers.body.items.map((c) => ({ id: c.id, email: c.email })),
  };
}

describe("seedDemoData", () => {
  it("creates the demo catalog and customers once, however often and concurrently it runs", async () => {
    const urls = { catalog: fleet.url("catalog"), customer: fleet.url("customer") };
    expect(await everything()).toEqual({ categories: [], products: [], customers: [] });

    // Two at once: one of them meets the other's creations as 409s and looks them up.
    const [first, racing] = await Promise.all([seedDemoData(urls), seedDemoData(urls)]);
    expect(racing).toEqual(first);
    const seeded = await everything();
    expect(seeded.categories).toEqual([{ id: first.category?.id, name: DEMO_CATEGORY }]);
    expect(seeded.products.map((p) => p.sku).sort()).toEqual(DEMO_PRODUCTS.map((p) => p.sku).sort());
    expect(seeded.products.every((p) => p.available === DEMO_INITIAL_STOCK)).toBe(true);
    expect(seeded.customers.map((c) => c.email).sort()).toEqual(DEMO_CUSTOMERS.map((c) => c.email).sort());
    expect(first.products.map((p) => p.id).sort()).toEqual(seeded.products.map((p) => p.id).sort());
    expect(first.customers.map((c) => c.id).sort()).toEqual(seeded.customers.map((c) => c.id).sort());

    const again = await seedDemoData(urls);
    expect(again).toEqual(first);
    expect(await everything()).toEqual(seeded);

    // What `npm start` prints names every id a new user needs.
    const printed = describeDemoData(again, "http://127.0.0.1:3002").join("\n");
    for (const { id } of [...again.products, ...again.customers]) expect(printed).toContain(id);
    expect(printed).toContain(`"customerId":"${again.customers[0]?.id}"`);
  });

  it("seeds only what the fleet runs", async () => {
    const data = await seedDemoData({ customer: fleet.url("customer") });
    expect(data.category).toBeUndefined();
    expect(data.products).toEqual([]);
    expect(data.customers.map((c) => c.email)).toEqual(DEMO_CUSTOMERS.map((c) => c.email));
  });
});
