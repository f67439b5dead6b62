import { expect } from "vitest";
import { eventually, type TestFleet } from "./fleet-harness.ts";

export interface Order {
  id: string;
  status: string;
  cancellation?: { reason: string; cause: string } | null;
  history: { status: string; cause?: string }[];
}

export interface Stock {
  onHand: number;
  reserved: number;
  available: number;
}

/** A customer, and a product with stock, both known to ordering (it learns them from events). */
export async function shopWith(fleet: TestFleet, stock: number) {
  const unique = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const customer = await fleet.json<{ id: string }>("customer", "POST", "/customers", {
    email: `buyer.${unique}@example.com`,
    name: "Grace Hopper",
    address: { line1: "1 Canal Street", city: "Berlin", postalCode: "10115", country: "DE" },
  });
  expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  const category = await fleet.json<{ id: string }>("catalog", "POST", "/categories", {
    name: `Books ${unique}`,
  });
  expect(category.status, JSON.stringify(category.body)).toBe(201);
  const product = await fleet.json<{ id: string }>("catalog", "POST", "/products", {
    categoryId: category.body.id,
    sku: `E2E-${unique}`,
    name: "Compiler handbook",
    price: { amount: "20.00", currency: "EUR" },
    initialStock: stock,
  });
  expect(product.status, JSON.stringify(product.body)).toBe(201);
  return { customerId: customer.body.id, productId: product.body.id };
}

/** Places and confirms an order (retrying the place until ordering has learned customer and product). */
export async function placeAndConfirm(
  fleet: TestFleet,
  shop: { customerId: string; productId: string },
  quantity: number,
  token: string,
): Promise<Order> {
  const order = await eventually("ordering to know the customer and the product", async () => {
    const res = await fleet.json<Order>("ordering", "POST", "/orders", {
      customerId: shop.customerId,
      lines: [{ productId: shop.productId, quantity }],
      paymentMethod: { token },
    });
    if (res.status >= 500) throw new Error(`ordering answered ${res.status}`);
    return res.status === 201 ? res.body : undefined;
  });
  const confirmed = await fleet.json<Order>("ordering", "POST", `/orders/${order.id}/confirm`);
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return confirmed.body;
}

export async function orderReaches(
  fleet: TestFleet,
  id: string,
  status: string,
  timeoutMs = 60_000,
): Promise<Order> {
  return eventually(
    `order ${id} to be ${status}`,
    async () => {
      const res = await fleet.json<Order>("ordering", "GET", `/orders/${id}`);
      return res.body.status === status ? res.body : undefined;
    },
    timeoutMs,
  );
}

export async function stockOf(fleet: TestFleet, productId: string): Promise<Stock> {
  return (await fleet.json<Stock>("catalog", "GET", `/products/${productId}/stock`)).body;
}

export async function stockReaches(fleet: TestFleet, productId: string, expected: Stock): Promise<Stock> {
  return eventually(`stock of ${productId} to be ${JSON.stringify(expected)}`, async () => {
    const stock = await stockOf(fleet, productId);
    return JSON.stringify(stock) === JSON.stringify(expected) ? stock : undefined;
  });
}

export async function invoiceOf(fleet: TestFleet, orderId: string, status?: string) {
  return eventually(`order ${orderId}'s invoice${status ? ` to be ${status}` : ""}`, async () => {
    const res = await fleet.json<{ items: { id: string; status: string }[] }>(
      "billing",
      "GET",
      `/invoices?orderId=${orderId}`,
    );
    const invoice = res.body.items[0];
    return invoice && (!status || invoice.status === status) ? invoice : undefined;
  });
}

export async function shipmentOf(fleet: TestFleet, orderId: string, status?: string) {
  return eventually(`order ${orderId}'s shipment${status ? ` to be ${status}` : ""}`, async () => {
    const res = await fleet.json<{ items: { id: string; status: string }[] }>(
      "shipping",
      "GET",
      `/shipments?orderId=${orderId}`,
    );
    const shipment = res.body.items[0];
    return shipment && (!status || shipment.status === status) ? shipment : undefined;
  });
}

/** What the payment provider did for an order's invoice: charge calls and distinct captures. */
export async function chargesOf(fleet: TestFleet, invoiceId: string) {
  const [row] = await fleet.sql<{ calls: number; captured: boolean }>(
    "billing",
    `SELECT calls, COALESCE(result->>'outcome' = 'captured', false) AS captured FROM simulated_payments WHERE idempotency_key = $1`,
    [`invoice-${invoiceId}-charge`],
  );
  return row ?? { calls: 0, captured: false };
}
