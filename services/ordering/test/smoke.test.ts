import { afterAll, beforeAll, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "./support/ordering-test-app.ts";

let t: OrderingTestApp;
beforeAll(async () => {
  t = await createOrderingTestApp();
});
afterAll(() => t.close());

it("places, fills, confirms and reads an order", async () => {
  const customerId = "0193a6f0-0000-7000-8000-000000000001";
  const productId = "0193a6f0-0000-7000-8000-0000000000aa";
  const placed = await t.app.inject({
    method: "POST",
    url: "/orders",
    payload: { customerId, lines: [{ productId, quantity: 2, unitPrice: { amount: "12.50", currency: "EUR" } }] },
  });
  expect(placed.statusCode, placed.body).toBe(201);
  const order = placed.json();
  expect(order.total).toEqual({ amount: "25.00", currency: "EUR" });
  const confirmed = await t.app.inject({ method: "POST", url: `/orders/${order.id}/confirm` });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  const got = await t.app.inject({ method: "GET", url: `/orders/${order.id}` });
  expect(got.json().status).toBe("Confirmed");
  expect(got.headers.etag).toBe('"2"');
});
