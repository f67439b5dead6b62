import { createEvent, OrderAwaitingPayment } from "@ecommerce/contracts";
import { newId } from "@ecommerce/domain-kernel";
import { Roles } from "@ecommerce/service-kit";
import {
  auditPages,
  auditRows,
  expectAuditAdminOnly,
  refuseAuditRows,
  waitFor,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IssueInvoice } from "../../src/application/commands/issue-invoice.ts";
import {
  awaitingPayment,
  type BillingTestApp,
  createBillingTestApp,
  eur,
  invoiceOf,
  orderCancelled,
} from "../support/billing-test-app.ts";

// Billing's audit trail, in its own database. Billing's commands come from ordering's events, from
// the payment collector after them, and from the sweeper; none comes over HTTP.

let t: BillingTestApp;
beforeAll(async () => {
  t = await createBillingTestApp();
});
afterAll(() => t?.close());

function invoiceWithStatus(orderId: string, status: string) {
  return waitFor(`order ${orderId}'s invoice ${status}`, async () => {
    const invoice = await invoiceOf(t.db, orderId);
    return invoice?.status === status ? invoice : undefined;
  });
}

describe("billing's audit trail", () => {
  it("an order awaiting payment: the event's handling, the invoice and the payment, as ordering, token redacted", async () => {
    const event = awaitingPayment({ token: "tok_ok" });
    await t.handleEvent("ordering.billing", event);
    const invoice = await invoiceWithStatus(event.data.orderId, "Paid");
    const rows = await waitFor("the payment's audit row", async () => {
      const found = await auditRows(t.db, { correlationId: event.correlationid });
      return found.length === 3 ? found : undefined;
    });
    expect(rows.map((r) => [r.command, r.targetId, r.actor.subject, r.outcome])).toEqual([
      [`HandleIntegrationEvent(${event.type})`, event.data.orderId, "event:ordering", "succeeded"],
      ["IssueInvoice", invoice.id, "event:ordering", "succeeded"],
      ["RecordPaymentOutcome", invoice.id, "event:ordering", "succeeded"],
    ]);
    expect(rows[1]?.payload).toMatchObject({
      orderId: event.data.orderId,
      customerId: event.data.customerId,
      country: "DE",
      paymentToken: "[redacted]",
    });
    expect(JSON.stringify(rows)).not.toContain("tok_ok");
  });

  it("a refused event leaves the handling's row with the refusal's code, and no invoice", async () => {
    const orderId = newId();
    const event = createEvent(
      OrderAwaitingPayment,
      { orderId, customerId: newId(), total: eur("1.00") },
      { correlationId: newId(), causationId: newId() },
    );
    await expect(t.handleEvent("ordering.billing", event)).rejects.toMatchObject({
      reason: "billing.order_details_missing",
    });
    expect(await invoiceOf(t.db, orderId)).toBeNull();
    expect(await auditRows(t.db, { correlationId: event.correlationid })).toEqual([
      expect.objectContaining({
        command: `HandleIntegrationEvent(${event.type})`,
        targetId: orderId,
        outcome: "billing.order_details_missing",
      }),
    ]);
  });

  it("when the invoice's audit row cannot be written, no invoice is issued and the event is not consumed", async () => {
    const event = awaitingPayment({ token: "tok_ok" });
    const lift = await refuseAuditRows(t.db, "IssueInvoice");
    try {
      await expect(t.handleEvent("ordering.billing", event)).rejects.toThrow(
        /audit_trail refuses IssueInvoice/,
      );
    } finally {
      await lift();
    }
    expect(await invoiceOf(t.db, event.data.orderId)).toBeNull();
    // redelivered once the trail takes rows again, it is handled as a first delivery
    expect(await t.handleEvent("ordering.billing", event)).toBe("handled");
    await invoiceWithStatus(event.data.orderId, "Paid");
  });

  it("the sweeper's work is audited as system:payment-sweeper", async () => {
    const orderId = newId();
    // issued without the event's after-commit charge: only the sweeper will collect it
    const { invoiceId } = await t.mediator.send(
      new IssueInvoice(
        orderId,
        newId(),
        [{ productId: newId(), quantity: 1, unitPrice: eur("4.00") }],
        "NL",
        "tok_ok",
      ),
    );
    await t.sweeper.sweep();
    await invoiceWithStatus(orderId, "Paid");
    const rows = await auditRows(t.db, { targetId: invoiceId });
    expect(rows.map((r) => [r.command, r.actor.subject, r.outcome])).toEqual([
      ["IssueInvoice", "anonymous", "succeeded"],
      ["RecordPaymentOutcome", "system:payment-sweeper", "succeeded"],
    ]);
  });

  it("GET /audit pages an invoice's trail, newest first: issued, paid, cancelled, refunded", async () => {
    const event = awaitingPayment({ token: "tok_ok" });
    await t.handleEvent("ordering.billing", event);
    const invoice = await invoiceWithStatus(event.data.orderId, "Paid");
    await t.handleEvent("ordering.billing", orderCancelled(event.data.orderId));
    // The refund starts after the cancellation's commit, unless the charge still held the invoice's
    // lease then: the sweeper does it (as it would in production, on its interval).
    await waitFor("the refund", async () => {
      await t.sweeper.sweep();
      return (await invoiceOf(t.db, event.data.orderId))?.status === "Refunded" || undefined;
    });
    const { pages, items } = await auditPages(t.app, invoice.id, 3);
    expect(pages).toBe(2);
    expect(items.map((i) => i.command)).toEqual([
      "RecordRefund",
      "CancelInvoiceForOrder",
      "RecordPaymentOutcome",
      "IssueInvoice",
    ]);
  });

  it("GET /audit is for admin only", async () => {
    await expectAuditAdminOnly(t.app, newId(), [Roles.BILLING_READ]);
  });
});
