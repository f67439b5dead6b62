import { randomUUID } from "node:crypto";
import { createEvent, OrderConfirmed } from "@ecommerce/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestFleet, type TestFleet } from "./fleet-harness.ts";
import { stockReaches } from "./lifecycle-support.ts";

// A forged OrderConfirmed (an order ordering never had) put straight on the bus: catalog reserves
// its units, ordering answers the StockReserved with ReservationRejected, and catalog releases them.
// Nothing stays reserved for an order that does not exist.
describe("an orphan reservation", () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestFleet(["catalog", "ordering"]);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it("is released: ordering rejects the reservation of an order it does not have", async () => {
    const unique = randomUUID().slice(0, 8);
    const category = await fleet.json<{ id: string }>("catalog", "POST", "/categories", {
      name: `Orphans ${unique}`,
    });
    const product = await fleet.json<{ id: string }>("catalog", "POST", "/products", {
      categoryId: category.body.id,
      sku: `ORPHAN-${unique}`,
      name: "Reserved for nobody",
      price: { amount: "5.00", currency: "EUR" },
      initialStock: 100,
    });
    expect(product.status, JSON.stringify(product.body)).toBe(201);

    const orderId = randomUUID();
    const forged = createEvent(
      OrderConfirmed,
      {
        orderId,
        customerId: randomUUID(),
        lines: [{ productId: product.body.id, quantity: 90, unitPrice: { amount: "5.00", currency: "EUR" } }],
        total: { amount: "450.00", currency: "EUR" },
        shippingAddress: null,
      },
      { correlationId: randomUUID() },
    );
    await fleet.publish([forged]);

    const reservation = await eventually("catalog to release the orphan reservation", async () => {
      const rows = await fleet.sql<{ status: string }>(
        "catalog",
        "SELECT status FROM reservations WHERE order_id = $1::uuid",
        [orderId],
      );
      return rows[0]?.status === "Released" ? rows[0] : undefined;
    });
    expect(reservation.status).toBe("Released");
    await stockReaches(fleet, product.body.id, { onHand: 100, reserved: 0, available: 100 });
    const rejections = await fleet.sql<{ data: { reason: string } }>(
      "ordering",
      "SELECT envelope->'data' AS data FROM messaging_outbox WHERE subject = $1 AND event_type LIKE '%reservation-rejected%'",
      [orderId],
    );
    expect(rejections.map((r) => r.data.reason)).toEqual(["unknown-order"]);
  });
});
