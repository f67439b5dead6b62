import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFleet, type TestFleet } from "./fleet-harness.ts";
import {
  chargesOf,
  invoiceOf,
  orderReaches,
  placeAndConfirm,
  shipmentOf,
  shopWith,
  stockReaches,
} from "./lifecycle-support.ts";

// All five services as separate processes on their own databases, integrating only through the
// postgres transport. Each scenario waits on what the services show, with a deadline.
describe("the order lifecycle across the five services", () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestFleet(["catalog", "customer", "ordering", "billing", "shipping"], {
      BILLING_TAX_RATES: "DE=0.19,*=0",
      PAYMENT_CALL_TIMEOUT_MS: "200",
      PAYMENT_DEADLINE_MS: "2000",
    });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it("happy path: paid, dispatched, delivered; stock goes down and the history shows every step", async () => {
    const shop = await shopWith(fleet, 10);
    const order = await placeAndConfirm(fleet, shop, 2, "tok_ok");
    await orderReaches(fleet, order.id, "Paid");
    const invoice = await invoiceOf(fleet, order.id, "Paid");
    expect((await chargesOf(fleet, invoice.id)).captured).toBe(true);
    const shipment = await shipmentOf(fleet, order.id, "Pending");

    const dispatched = await fleet.json("shipping", "POST", `/shipments/${shipment.id}/dispatch`, {
      carrier: "DHL",
      trackingNumber: `JD${Date.now()}`,
    });
    expect(dispatched.status, JSON.stringify(dispatched.body)).toBe(200);
    await orderReaches(fleet, order.id, "Shipped");
    await stockReaches(fleet, shop.productId, { onHand: 8, reserved: 0, available: 8 });

    const delivered = await fleet.json("shipping", "POST", `/shipments/${shipment.id}/deliver`);
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    const done = await orderReaches(fleet, order.id, "Delivered");
    expect(done.history.map((h) => h.status)).toEqual([
      "Pending",
      "Confirmed",
      "AwaitingPayment",
      "Paid",
      "Shipped",
      "Delivered",
    ]);
    await shipmentOf(fleet, order.id, "Delivered");
  });

  it("out of stock: cancelled, nothing reserved, no invoice", async () => {
    const shop = await shopWith(fleet, 1);
    const order = await placeAndConfirm(fleet, shop, 2, "tok_ok");
    const cancelled = await orderReaches(fleet, order.id, "Cancelled");
    expect(cancelled.history.at(-1)).toMatchObject({ status: "Cancelled", cause: "out-of-stock" });
    await stockReaches(fleet, shop.productId, { onHand: 1, reserved: 0, available: 1 });
    const invoices = await fleet.json<{ items: unknown[] }>(
      "billing",
      "GET",
      `/invoices?orderId=${order.id}`,
    );
    expect(invoices.body.items).toEqual([]);
  });

  it.each(["tok_decline", "tok_timeout"])(
    "%s: cancelled (payment failed), reservation released, invoice void",
    async (token) => {
      const shop = await shopWith(fleet, 5);
      const order = await placeAndConfirm(fleet, shop, 3, token);
      const cancelled = await orderReaches(fleet, order.id, "Cancelled");
      expect(cancelled.history.at(-1)).toMatchObject({ status: "Cancelled", cause: "payment-failed" });
      await stockReaches(fleet, shop.productId, { onHand: 5, reserved: 0, available: 5 });
      const invoice = await invoiceOf(fleet, order.id, "Void");
      expect((await chargesOf(fleet, invoice.id)).captured).toBe(false);
    },
  );

  it("transient failure: paid after the retries, with exactly one capture", async () => {
    const shop = await shopWith(fleet, 5);
    const order = await placeAndConfirm(fleet, shop, 1, "tok_transient");
    await orderReaches(fleet, order.id, "Paid");
    const invoice = await invoiceOf(fleet, order.id, "Paid");
    expect(await chargesOf(fleet, invoice.id)).toEqual({ calls: 3, captured: true });
  });

  it("cancel after payment: refunded, reservation released, shipment cancelled", async () => {
    const shop = await shopWith(fleet, 4);
    const order = await placeAndConfirm(fleet, shop, 2, "tok_ok");
    await orderReaches(fleet, order.id, "Paid");
    await shipmentOf(fleet, order.id, "Pending");
    const cancel = await fleet.json("ordering", "POST", `/orders/${order.id}/cancel`, {
      reason: "changed my mind",
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await invoiceOf(fleet, order.id, "Refunded");
    await stockReaches(fleet, shop.productId, { onHand: 4, reserved: 0, available: 4 });
    await shipmentOf(fleet, order.id, "Cancelled");
  });
});
