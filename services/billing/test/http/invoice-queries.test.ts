import { newId } from "@ecommerce/domain-kernel";
import { expectProblem, waitFor } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  awaitingPayment,
  type BillingTestApp,
  createBillingTestApp,
  invoiceOf,
} from "../support/billing-test-app.ts";

let t: BillingTestApp;
const customerId = "01937b6e-5f7a-7c3a-9d2e-aaaaaaaaaaaa";
beforeAll(async () => {
  t = await createBillingTestApp();
});
afterAll(() => t?.close());

describe("invoice queries", () => {
  it("an unknown invoice is a 404 problem; a malformed id a 400", async () => {
    expectProblem(
      await t.app.inject({ method: "GET", url: `/invoices/${newId()}` }),
      404,
      "billing.invoice_not_found",
    );
    expectProblem(
      await t.app.inject({ method: "GET", url: "/invoices/not-a-uuid" }),
      400,
      "validation_failed",
    );
  });

  it("a list needs an orderId or a customerId", async () => {
    expectProblem(
      await t.app.inject({ method: "GET", url: "/invoices" }),
      400,
      "billing.invoice_filter_required",
    );
  });

  it("lists an order's invoice, and a customer's invoices a page at a time", async () => {
    const events = [awaitingPayment(), awaitingPayment(), awaitingPayment()];
    for (const e of events) await t.handleEvent("ordering.billing", e);
    await waitFor("invoices", async () =>
      (await Promise.all(events.map((e) => invoiceOf(t.db, e.data.orderId)))).every(Boolean),
    );
    const byOrder = await t.app.inject({
      method: "GET",
      url: `/invoices?orderId=${events[1]?.data.orderId}`,
    });
    expect(byOrder.json().items.map((i: { orderId: string }) => i.orderId)).toEqual([
      events[1]?.data.orderId,
    ]);

    const seen: string[] = [];
    let url = `/invoices?customerId=${customerId}&limit=2`;
    for (;;) {
      const page = (await t.app.inject({ method: "GET", url })).json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      if (!page.nextCursor) break;
      url = `/invoices?customerId=${customerId}&limit=2&cursor=${page.nextCursor}`;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const event = awaitingPayment({ token: "tok_decline" });
    await t.handleEvent("ordering.billing", event);
    const invoice = await waitFor("invoice", () => invoiceOf(t.db, event.data.orderId));
    const first = await t.app.inject({ method: "GET", url: `/invoices/${invoice.id}` });
    const again = await t.app.inject({
      method: "GET",
      url: `/invoices/${invoice.id}`,
      headers: { "if-none-match": String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it("refuses a foreign cursor with 400", async () => {
    expectProblem(
      await t.app.inject({ method: "GET", url: `/invoices?customerId=${customerId}&cursor=abc` }),
      400,
      "invalid_cursor",
    );
  });
});
