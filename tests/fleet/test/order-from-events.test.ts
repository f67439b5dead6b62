import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestFleet, type TestFleet } from "./fleet-harness.ts";

interface Order {
  id: string;
  status: string;
  total: { amount: string; currency: string };
  lines: { productId: string; quantity: number; unitPrice: { amount: string; currency: string } }[];
  shippingAddress: Record<string, unknown> | null;
}

// Customer, catalog and ordering as separate processes with separate databases, integrating only
// through the postgres transport: ordering must learn the customer and the product from events.
describe("an order placed from what ordering learned through the bus", () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestFleet(["catalog", "customer", "ordering"]);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it("prices the order from the catalog, ships to the customer, and reserves stock on confirm", async () => {
    const address = { line1: "1 Canal Street", city: "Amsterdam", postalCode: "1012 AB", country: "NL" };
    const customer = await fleet.json<{ id: string }>("customer", "POST", "/customers", {
      email: `Ada.${Date.now()}@Example.com`,
      name: "Ada Lovelace",
      address,
    });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const category = await fleet.json<{ id: string }>("catalog", "POST", "/categories", { name: "Books" });
    expect(category.status, JSON.stringify(category.body)).toBe(201);
    const product = await fleet.json<{ id: string }>("catalog", "POST", "/products", {
      sku: `BOOK-${Date.now()}`,
      name: "Notes on the Analytical Engine",
      price: { amount: "12.50", currency: "EUR" },
      categoryId: category.body.id,
      initialStock: 10,
    });
    expect(product.status, JSON.stringify(product.body)).toBe(201);

    // Until both events have arrived ordering refuses the order with a 4xx, never a 5xx.
    const order = await eventually("ordering to know the customer and the product", async () => {
      const res = await fleet.json<Order>("ordering", "POST", "/orders", {
        customerId: customer.body.id,
        lines: [{ productId: product.body.id, quantity: 2 }],
      });
      if (res.status >= 500) throw new Error(`ordering answered ${res.status}`);
      return res.status === 201 ? res.body : undefined;
    });
    expect(order.total).toEqual({ amount: "25.00", currency: "EUR" });
    expect(order.lines[0]?.unitPrice).toEqual({ amount: "12.50", currency: "EUR" });
    expect(order.shippingAddress).toMatchObject({ ...address, recipient: "Ada Lovelace" });

    const confirmed = await fleet.json<Order>("ordering", "POST", `/orders/${order.id}/confirm`);
    expect(confirmed.status).toBe(200);

    // catalog reserves on OrderConfirmed and answers StockReserved; ordering then awaits payment.
    await eventually("the order to await payment", async () => {
      const res = await fleet.json<Order>("ordering", "GET", `/orders/${order.id}`);
      return res.body.status === "AwaitingPayment" ? res.body : undefined;
    });
    const stock = await fleet.json<{ onHand: number; reserved: number; available: number }>(
      "catalog",
      "GET",
      `/products/${product.body.id}/stock`,
    );
    expect(stock.body).toEqual({ onHand: 10, reserved: 2, available: 8 });

    // Cancelling releases the reservation in catalog.
    const cancelled = await fleet.json<Order>("ordering", "POST", `/orders/${order.id}/cancel`, {
      reason: "changed my mind",
    });
    expect(cancelled.status).toBe(200);
    await eventually("catalog to release the reservation", async () => {
      const res = await fleet.json<{ reserved: number }>(
        "catalog",
        "GET",
        `/products/${product.body.id}/stock`,
      );
      return res.body.reserved === 0 ? res.body : undefined;
    });
  });

  it("refuses a product the catalog discontinued, once ordering has heard of it", async () => {
    const customer = await fleet.json<{ id: string }>("customer", "POST", "/customers", {
      email: `grace.${Date.now()}@example.com`,
      name: "Grace Hopper",
    });
    const category = await fleet.json<{ id: string }>("catalog", "POST", "/categories", { name: "Tools" });
    const product = await fleet.json<{ id: string }>("catalog", "POST", "/products", {
      sku: `TOOL-${Date.now()}`,
      name: "Compiler",
      price: { amount: "99.00", currency: "EUR" },
      categoryId: category.body.id,
      initialStock: 1,
    });
    const place = () =>
      fleet.json<{ code?: string }>("ordering", "POST", "/orders", {
        customerId: customer.body.id,
        lines: [{ productId: product.body.id, quantity: 1 }],
        shippingAddress: { line1: "2 Navy Way", city: "Arlington", postalCode: "22201", country: "US" },
      });
    await eventually("ordering to accept the product", async () =>
      (await place()).status === 201 ? true : undefined,
    );

    expect((await fleet.json("catalog", "POST", `/products/${product.body.id}/discontinue`)).status).toBe(
      200,
    );
    const refused = await eventually("ordering to refuse the discontinued product", async () => {
      const res = await place();
      return res.status === 422 ? res.body : undefined;
    });
    expect(refused.code).toBe("order.product_discontinued");
  });
});
