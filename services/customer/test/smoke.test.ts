import { afterAll, beforeAll, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "./support/customer-test-app.ts";

let t: CustomerTestApp;
beforeAll(async () => {
  t = await createCustomerTestApp();
});
afterAll(() => t.close());

it("registers, updates, reads and deactivates a customer", async () => {
  const registered = await t.app.inject({
    method: "POST",
    url: "/customers",
    payload: {
      email: "Ada.Lovelace@Example.com",
      name: "Ada Lovelace",
      address: { line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "GB" },
    },
  });
  expect(registered.statusCode, registered.body).toBe(201);
  const customer = registered.json();
  expect(registered.headers.location).toBe(`/customers/${customer.id}`);
  expect(customer.addresses[0].default).toBe(true);

  const patched = await t.app.inject({
    method: "PATCH",
    url: `/customers/${customer.id}`,
    headers: { "if-match": '"1"' },
    payload: { preferences: { language: "en-gb" } },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  expect(patched.json().preferences.language).toBe("en-GB");

  const found = await t.app.inject({ method: "GET", url: "/customers?email=ada.lovelace@example.com" });
  expect(found.json().items.map((c: { id: string }) => c.id)).toEqual([customer.id]);

  const deactivated = await t.app.inject({ method: "POST", url: `/customers/${customer.id}/deactivate` });
  expect(deactivated.json().status).toBe("Deactivated");
  const got = await t.app.inject({ method: "GET", url: `/customers/${customer.id}` });
  expect(got.json().status).toBe("Deactivated");
  expect(got.headers.etag).toBe('"3"');
});

it("is ready and documents every route in its OpenAPI document", async () => {
  const ready = await t.app.inject({ method: "GET", url: "/health/ready" });
  expect(ready.statusCode, ready.body).toBe(200);
  expect(ready.json().checks).toEqual({ database: { status: "ok" }, migrations: { status: "ok" } });
  const openapi = await t.app.inject({ method: "GET", url: "/openapi.json" });
  expect(openapi.statusCode).toBe(200);
  const paths = openapi.json().paths as Record<string, Record<string, unknown>>;
  const routes = Object.entries(paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
  );
  expect(routes.sort()).toEqual(
    [
      "GET /audit",
      "POST /customers",
      "GET /customers",
      "GET /customers/{id}",
      "PATCH /customers/{id}",
      "POST /customers/{id}/addresses",
      "POST /customers/{id}/addresses/{addressId}/default",
      "DELETE /customers/{id}/addresses/{addressId}",
      "POST /customers/{id}/deactivate",
    ].sort(),
  );
});
