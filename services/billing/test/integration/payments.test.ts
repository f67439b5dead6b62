import { newId } from "@ecommerce/domain-kernel";
import { waitFor } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  awaitingPayment,
  type BillingTestApp,
  createBillingTestApp,
  invoiceOf,
  orderCancelled,
  outboxTypes,
} from "../support/billing-test-app.ts";

const SUCCEEDED = "ecommerce.billing.payment-succeeded.v1";
const FAILED = "ecommerce.billing.payment-failed.v1";
const REFUNDED = "ecommerce.billing.payment-refunded.v1";

let t: BillingTestApp;
beforeAll(async () => {
  t = await createBillingTestApp();
});
afterAll(() => t?.close());

async function settled(orderId: string) {
  return waitFor(`order ${orderId}'s invoice settled`, async () => {
    const invoice = await invoiceOf(t.db, orderId);
    return invoice && (invoice.status !== "Open" || invoice.failureReason) ? invoice : undefined;
  });
}

async function providerCalls(invoiceId: string) {
  const row = await t.db.simulatedPayment.findUnique({
    where: { idempotencyKey: `invoice-${invoiceId}-charge` },
  });
  return row?.calls ?? 0;
}

describe("billing collects the payment of an order awaiting it", () => {
  it("tok_ok: invoices with a gapless number and the country's tax, captures, publishes PaymentSucceeded", async () => {
    const event = awaitingPayment({ token: "tok_ok" });
    await t.handleEvent("ordering.billing", event);
    const invoice = await settled(event.data.orderId);
    expect(invoice.status).toBe("Paid");
    expect(`INV-${invoice.year}-${String(invoice.sequence).padStart(6, "0")}`).toMatch(/^INV-\d{4}-\d{6}$/);
    const view = await t.app.inject({ method: "GET", url: `/invoices/${invoice.id}` });
    expect(view.json()).toMatchObject({
      status: "Paid",
      net: { amount: "30.02", currency: "EUR" },
      tax: { amount: "5.70", currency: "EUR" },
      total: { amount: "35.72", currency: "EUR" },
      taxRate: "0.19",
    });
    expect(await outboxTypes(t.db, invoice.id)).toEqual([SUCCEEDED]);
  });

  it("an order without a payment method is charged with tok_ok", async () => {
    const event = awaitingPayment();
    await t.handleEvent("ordering.billing", event);
    expect((await settled(event.data.orderId)).status).toBe("Paid");
  });

  it("tok_decline: the invoice stays open, PaymentFailed carries the provider's reason", async () => {
    const event = awaitingPayment({ token: "tok_decline" });
    await t.handleEvent("ordering.billing", event);
    const invoice = await settled(event.data.orderId);
    expect(invoice).toMatchObject({ status: "Open", failureReason: "card declined by the issuer" });
    expect(await outboxTypes(t.db, invoice.id)).toEqual([FAILED]);
  });

  it("tok_transient: paid after the retries, with one capture", async () => {
    const event = awaitingPayment({ token: "tok_transient" });
    await t.handleEvent("ordering.billing", event);
    const invoice = await settled(event.data.orderId);
    expect(invoice.status).toBe("Paid");
    expect(await providerCalls(invoice.id)).toBe(3);
    expect(await outboxTypes(t.db, invoice.id)).toEqual([SUCCEEDED]);
  });

  it("tok_timeout: every call times out, the retries stop, and it is a failure with the reason", async () => {
    const event = awaitingPayment({ token: "tok_timeout" });
    await t.handleEvent("ordering.billing", event);
    const invoice = await settled(event.data.orderId);
    expect(invoice.failureReason).toBe("payment provider did not answer within 100 ms");
    expect(await providerCalls(invoice.id)).toBe(4);
    expect(await outboxTypes(t.db, invoice.id)).toEqual([FAILED]);
  });

  it("a redelivered event issues no second invoice and charges nothing twice", async () => {
    const event = awaitingPayment({ token: "tok_ok" });
    await t.handleEvent("ordering.billing", event);
    await t.handleEvent("ordering.billing", event);
    const again = { ...event, id: newId() }; // the same order, published twice by a confused publisher
    await t.handleEvent("ordering.billing", again);
    const invoice = await settled(event.data.orderId);
    expect(await t.db.invoice.count({ where: { orderId: event.data.orderId } })).toBe(1);
    await t.sweeper.sweep();
    expect(await outboxTypes(t.db, invoice.id)).toEqual([SUCCEEDED]);
  });

  it("cancelled before its capture: the invoice is voided; after: refunded once, with PaymentRefunded", async () => {
    const declined = awaitingPayment({ token: "tok_decline" });
    await t.handleEvent("ordering.billing", declined);
    await settled(declined.data.orderId);
    await t.handleEvent("ordering.billing", orderCancelled(declined.data.orderId));
    expect((await invoiceOf(t.db, declined.data.orderId))?.status).toBe("Void");

    const paid = awaitingPayment({ token: "tok_ok" });
    await t.handleEvent("ordering.billing", paid);
    const invoice = await settled(paid.data.orderId);
    const cancel = orderCancelled(paid.data.orderId);
    await t.handleEvent("ordering.billing", cancel);
    await t.handleEvent("ordering.billing", cancel);
    const refunded = await waitFor("the refund", async () => {
      const row = await invoiceOf(t.db, paid.data.orderId);
      return row?.status === "Refunded" ? row : undefined;
    });
    expect(refunded.id).toBe(invoice.id);
    expect(await outboxTypes(t.db, invoice.id)).toEqual([SUCCEEDED, REFUNDED]);
  });

  it("an order cancelled before it was invoiced leaves nothing to do", async () => {
    const orderId = newId();
    await t.handleEvent("ordering.billing", orderCancelled(orderId));
    expect(await invoiceOf(t.db, orderId)).toBeNull();
  });

  it("refuses an OrderAwaitingPayment without lines for good (dead letter with the code)", async () => {
    const event = awaitingPayment();
    const { lines: _lines, ...data } = event.data;
    await expect(t.handleEvent("ordering.billing", { ...event, data })).rejects.toMatchObject({
      reason: "billing.order_details_missing",
    });
  });
});

describe("invoice numbers", () => {
  it("have no gaps, however many are issued at once", async () => {
    const before = await t.db.invoiceSequence.findMany();
    const events = Array.from({ length: 20 }, () => awaitingPayment({ token: "tok_decline" }));
    await Promise.all(events.map((e) => t.handleEvent("ordering.billing", e)));
    const year = new Date().getUTCFullYear();
    const last = before.find((s) => s.year === year)?.last ?? 0;
    const sequences = (
      await t.db.invoice.findMany({ where: { year, sequence: { gt: last } }, select: { sequence: true } })
    )
      .map((i) => i.sequence)
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => last + i + 1));
  });
});
