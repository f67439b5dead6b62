import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CatalogTestApp, createCatalogTestApp } from "./support/catalog-test-app.ts";

let t: CatalogTestApp;
beforeAll(async () => {
  t = await createCatalogTestApp();
});
afterAll(() => t.close());

it("creates a category and a product, restocks it and reads it", async () => {
  const category = await t.app.inject({ method: "POST", url: "/categories", payload: { name: "Phones" } });
  expect(category.statusCode, category.body).toBe(201);
  const created = await t.app.inject({
    method: "POST",
    url: "/products",
    payload: {
      sku: "PHN-001",
      name: "Phone",
      price: { amount: "199.90", currency: "EUR" },
      categoryId: category.json().id,
      initialStock: 5,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const product = created.json();
  expect(product).toMatchObject({
    sku: "PHN-001",
    available: 5,
    price: { amount: "199.90", currency: "EUR" },
  });
  const restocked = await t.app.inject({
    method: "POST",
    url: `/products/${product.id}/stock`,
    payload: { delta: 3, reason: "delivery" },
  });
  expect(restocked.statusCode, restocked.body).toBe(200);
  expect(restocked.json()).toEqual({ onHand: 8, reserved: 0, available: 8 });
  const got = await t.app.inject({ method: "GET", url: `/products/${product.id}` });
  expect(got.json().available).toBe(8);
  expect(got.headers.etag).toBe('"1.2"');
});

it("is ready (database reachable, migrations applied) and publishes its OpenAPI document", async () => {
  const ready = await t.app.inject({ method: "GET", url: "/health/ready" });
  expect(ready.statusCode, ready.body).toBe(200);
  expect(ready.json().checks).toEqual({ database: { status: "ok" }, migrations: { status: "ok" } });
  const openapi = await t.app.inject({ method: "GET", url: "/openapi.json" });
  expect(openapi.statusCode).toBe(200);
  const paths = Object.keys(openapi.json().paths).sort();
  expect(paths).toEqual([
    "/audit",
    "/categories",
    "/categories/{id}",
    "/products",
    "/products/{id}",
    "/products/{id}/discontinue",
    "/products/{id}/price",
    "/products/{id}/stock",
  ]);
});

describe("SERVICE_ROLE", () => {
  it.each([
    ["read", "POST", "/products", 404],
    ["read", "GET", "/products", 200],
    ["write", "GET", "/products", 404],
    ["write", "POST", "/categories", 201],
  ] as const)("a %s instance answers %s %s with %i", async (role, method, url, status) => {
    const app = await createCatalogTestApp({ role });
    try {
      const res = await app.app.inject({
        method,
        url,
        ...(method === "POST" ? { payload: { name: "Root" } } : {}),
      });
      expect(res.statusCode, res.body).toBe(status);
    } finally {
      await app.close();
    }
  });
});
