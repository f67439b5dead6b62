import { waitFor } from "@ecommerce/test-support";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  awaitingPayment,
  type BillingTestApp,
  createBillingTestApp,
  outboxTypes,
} from "../support/billing-test-app.ts";

// Two billing instances on one database, as two App Service instances would run; each receives
// the same events (a redelivery to the other instance after a lease lapsed, say).
let a: BillingTestApp;
let b: BillingTestApp;
beforeAll(async () => {
  a = await createBillingTestApp();
  b = await createBillingTestApp({}, a.database);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await a?.database.drop();
});

it("captures exactly once per order when two instances handle the same events and sweep at once", async () => {
  const events = Array.from({ length: 10 }, (_, i) =>
    awaitingPayment({ token: i % 2 ? "tok_transient" : "tok_ok" }),
  );
  await Promise.all(
    events.flatMap((e) => [a.handleEvent("ordering.billing", e), b.handleEvent("ordering.billing", e)]),
  );
  await Promise.all([a.sweeper.sweep(), b.sweeper.sweep(), a.sweeper.sweep(), b.sweeper.sweep()]);
  const invoices = await waitFor("every invoice paid", async () => {
    const rows = await a.db.invoice.findMany({
      where: { orderId: { in: events.map((e) => e.data.orderId) } },
    });
    return rows.length === events.length && rows.every((r) => r.status === "Paid") ? rows : undefined;
  });
  for (const invoice of invoices) {
    // One charge key per invoice at the provider, one capture recorded, one PaymentSucceeded.
    const charges = await a.db.simulatedPayment.findMany({
      where: { idempotencyKey: { startsWith: `invoice-${invoice.id}` } },
    });
    expect(charges).toHaveLength(1);
    expect(charges[0]?.result).toMatchObject({ outcome: "captured", captureId: invoice.captureId });
    expect(await outboxTypes(a.db, invoice.id)).toEqual(["ecommerce.billing.payment-succeeded.v1"]);
  }
});
