import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestFleet, type TestFleet } from "./fleet-harness.ts";
import { orderReaches, placeAndConfirm, shipmentOf, shopWith, stockOf } from "./lifecycle-support.ts";

const ORDERS_PER_ROUND = 5;

// Each consumer in turn is killed outright (SIGKILL) while the orders it has to handle are in
// flight, then started again. Every order must still complete (paid, with its shipment), and
// nothing may happen twice: one invoice and one capture per order, one shipment per order, and
// exactly the ordered units reserved.
describe("a consumer killed mid-flow", () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestFleet(["catalog", "customer", "ordering", "billing", "shipping"], {
      PAYMENT_CALL_TIMEOUT_MS: "200",
      PAYMENT_DEADLINE_MS: "2000",
    });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it.each(["catalog", "billing", "shipping", "ordering"])(
    "%s: every order completes, and no effect happens twice",
    async (victim) => {
      const shop = await shopWith(fleet, 1000);
      // The first order teaches ordering the customer and the product; the rest follow at once.
      const first = await placeAndConfirm(fleet, shop, 1, "tok_ok");
      const rest = await Promise.all(
        Array.from({ length: ORDERS_PER_ROUND - 1 }, () => placeAndConfirm(fleet, shop, 1, "tok_ok")),
      );
      const orders = [first, ...rest];
      await fleet.kill(victim);
      await fleet.restart(victim);

      for (const order of orders) {
        await orderReaches(fleet, order.id, "Paid", 120_000);
        await shipmentOf(fleet, order.id, "Pending");
      }
      const ids = orders.map((o) => o.id);
      const invoices = await fleet.sql<{ order_id: string; n: number }>(
        "billing",
        "SELECT order_id::text, count(*)::int AS n FROM invoices WHERE order_id = ANY($1::uuid[]) GROUP BY order_id",
        [ids],
      );
      expect(invoices.map((r) => r.n)).toEqual(ids.map(() => 1));
      const captures = await fleet.sql<{ n: number }>(
        "billing",
        `SELECT count(*)::int AS n FROM simulated_payments p JOIN invoices i ON p.idempotency_key = 'invoice-' || i.id || '-charge'
          WHERE i.order_id = ANY($1::uuid[]) AND p.result->>'outcome' = 'captured'`,
        [ids],
      );
      expect(captures[0]?.n).toBe(ids.length);
      const shipments = await fleet.sql<{ n: number }>(
        "shipping",
        "SELECT count(*)::int AS n FROM shipments WHERE order_id = ANY($1::uuid[])",
        [ids],
      );
      expect(shipments[0]?.n).toBe(ids.length);
      expect(await stockOf(fleet, shop.productId)).toEqual({
        onHand: 1000,
        reserved: ids.length,
        available: 1000 - ids.length,
      });
      const outcomes = await eventually("every OrderPaid to be published once", async () => {
        const rows = await fleet.sql<{ n: number }>(
          "ordering",
          "SELECT count(*)::int AS n FROM messaging_outbox WHERE event_type = 'ecommerce.ordering.order-paid.v1' AND subject = ANY($1)",
          [ids],
        );
        return rows[0]?.n === ids.length ? rows[0].n : undefined;
      });
      expect(outcomes).toBe(ids.length);
    },
  );
});
