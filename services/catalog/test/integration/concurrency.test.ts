import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReservationOutcome, ReserveStock } from "../../src/application/commands/reserve-stock.ts";
import { catalogApi, expectConsistent, newUuid, type Response, stockRow } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import { ORDERING_SUBSCRIPTION, orderConfirmed } from "../support/events.ts";

// Never oversell: many transactions reserving the last units at once. Each order is reserved whole
// or refused, the stock never goes below zero, and no transaction deadlocks.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let categoryId: string;
beforeAll(async () => {
  t = await createCatalogTestApp({ poolSize: 20 });
  api = catalogApi(t);
  categoryId = (await api.category()).id;
});
afterAll(() => t.close());

const reserve = (
  orderId: string,
  lines: { productId: string; quantity: number }[],
): Promise<ReservationOutcome> => t.mediator.send(new ReserveStock(orderId, lines));

/** At every step of the inventory's history, nothing was negative and reserved stayed within on hand. */
async function expectHistoryNeverOversold(productId: string) {
  const rows = await t.db.$queryRawUnsafe<{ bad: number; steps: number }[]>(
    `SELECT count(*) FILTER (WHERE reserved_after > on_hand_after OR reserved_after < 0 OR on_hand_after < 0)::int AS bad,
            count(*)::int AS steps
       FROM stock_movements WHERE product_id = $1::uuid`,
    productId,
  );
  expect(rows[0]?.bad).toBe(0);
  // the movements replay to the current figures
  const [sum] = await t.db.$queryRawUnsafe<{ on_hand: number; reserved: number }[]>(
    `SELECT coalesce(sum(on_hand_delta), 0)::int AS on_hand, coalesce(sum(reserved_delta), 0)::int AS reserved
       FROM stock_movements WHERE product_id = $1::uuid`,
    productId,
  );
  const row = await stockRow(t.db, productId);
  expect(sum).toEqual({ on_hand: row?.on_hand, reserved: row?.reserved });
}

describe("50 parallel orders for the last 10 units", () => {
  it("exactly 10 are reserved, 40 refused; available is 0, never below", async () => {
    const product = await api.product({ categoryId, initialStock: 10 });
    const orders = Array.from({ length: 50 }, () => newUuid());
    const outcomes = await Promise.all(
      orders.map((orderId) => reserve(orderId, [{ productId: product.id, quantity: 1 }])),
    );

    const reserved = outcomes.filter((o) => o.status === "Reserved");
    const refused = outcomes.filter((o) => o.status === "Refused");
    expect(reserved).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const o of refused)
      expect(o.shortLines).toEqual([{ productId: product.id, requested: 1, available: 0 }]);
    expect(await stockRow(t.db, product.id)).toEqual({ on_hand: 10, reserved: 10, version: 11 });
    expect(await api.stock(product.id)).toEqual({ onHand: 10, reserved: 10, available: 0 });
    expect((await expectConsistent(t, product.id)).available).toBe(0);

    // one reservation row per order, and the reserved ones are exactly those answered Reserved
    const rows = await t.db.$queryRawUnsafe<{ order_id: string; status: string }[]>(
      "SELECT order_id::text, status FROM reservations WHERE order_id = ANY($1::uuid[])",
      orders,
    );
    expect(rows).toHaveLength(50);
    expect(
      rows
        .filter((r) => r.status === "Reserved")
        .map((r) => r.order_id)
        .sort(),
    ).toEqual(reserved.map((o) => o.orderId).sort());
    await expectHistoryNeverOversold(product.id);
  });

  it("orders of different sizes: what is reserved is whole and within stock; each refused order did not fit", async () => {
    const product = await api.product({ categoryId, initialStock: 10 });
    const sizes = Array.from({ length: 50 }, (_, i) => 1 + (i % 3));
    const outcomes = await Promise.all(
      sizes.map((quantity) => reserve(newUuid(), [{ productId: product.id, quantity }])),
    );
    const total = outcomes.reduce((s, o, i) => s + (o.status === "Reserved" ? (sizes[i] ?? 0) : 0), 0);
    const row = await stockRow(t.db, product.id);
    expect(row?.reserved).toBe(total);
    expect(total).toBeLessThanOrEqual(10);
    const available = 10 - total;
    outcomes.forEach((o, i) => {
      if (o.status === "Refused") expect(sizes[i]).toBeGreaterThan(available);
    });
    // a 1-unit order can always fit until nothing is left, and the 1-unit orders were the most frequent
    expect(available).toBe(0);
    await expectHistoryNeverOversold(product.id);
  });

  it("parallel deliveries of the OrderConfirmed events (through the inbox) behave the same", async () => {
    const product = await api.product({ categoryId, initialStock: 10 });
    const events = Array.from({ length: 50 }, () =>
      orderConfirmed(newUuid(), [{ productId: product.id, quantity: 1 }]),
    );
    // every event delivered twice, all at once
    const outcomes = await Promise.all(
      [...events, ...events].map((e) => t.handleEvent(ORDERING_SUBSCRIPTION, e)),
    );
    expect(outcomes.filter((o) => o === "handled")).toHaveLength(50);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(50);
    expect(await api.stock(product.id)).toEqual({ onHand: 10, reserved: 10, available: 0 });
    await expectHistoryNeverOversold(product.id);
  });
});

describe("multi-line orders racing over the same products", () => {
  it("never deadlock, reserve all lines or none, and reserve exactly what the reserved orders asked", async () => {
    const products = [
      await api.product({ categoryId, initialStock: 20 }),
      await api.product({ categoryId, initialStock: 15 }),
      await api.product({ categoryId, initialStock: 10 }),
    ];
    const ids = products.map((p) => p.id);
    // 60 orders, their lines in varying (often opposite) orders, 1-4 units each
    const orders = Array.from({ length: 60 }, (_, i) => {
      const picked = i % 2 === 0 ? [...ids] : [...ids].reverse();
      const lines = picked
        .slice(0, 2 + (i % 2))
        .map((productId, n) => ({ productId, quantity: 1 + ((i + n) % 4) }));
      return { orderId: newUuid(), lines };
    });
    const outcomes = await Promise.all(orders.map((o) => reserve(o.orderId, o.lines)));
    expect(outcomes.map((o) => o.status).every((s) => s === "Reserved" || s === "Refused")).toBe(true);
    expect(outcomes.some((o) => o.status === "Reserved")).toBe(true);
    expect(outcomes.some((o) => o.status === "Refused")).toBe(true);

    for (const [n, product] of products.entries()) {
      const expected = orders.reduce(
        (sum, o, i) =>
          sum +
          (outcomes[i]?.status === "Reserved"
            ? (o.lines.find((l) => l.productId === product.id)?.quantity ?? 0)
            : 0),
        0,
      );
      const row = await stockRow(t.db, product.id);
      expect(row?.reserved, `product ${n}`).toBe(expected);
      expect(row!.reserved).toBeLessThanOrEqual(row!.on_hand);
      await expectHistoryNeverOversold(product.id);
      await expectConsistent(t, product.id);
    }
    // a refused order left no trace in the stock: no movement names it
    const refused = orders.filter((_, i) => outcomes[i]?.status === "Refused").map((o) => o.orderId);
    const [traces] = await t.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM stock_movements WHERE order_id = ANY($1::uuid[])",
      refused,
    );
    expect(traces?.n).toBe(0);
    // and every reserved order holds each of its lines
    const reserved = orders.filter((_, i) => outcomes[i]?.status === "Reserved");
    const [held] = await t.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM stock_movements WHERE kind = 'reservation' AND order_id = ANY($1::uuid[])",
      reserved.map((o) => o.orderId),
    );
    expect(held?.n).toBe(reserved.reduce((s, o) => s + o.lines.length, 0));
  });
});

describe("stock corrections racing with reservations", () => {
  it("together they take exactly the units there are; onHand never drops below reserved", async () => {
    const product = await api.product({ categoryId, initialStock: 20 });
    const reservations = Array.from({ length: 20 }, () =>
      reserve(newUuid(), [{ productId: product.id, quantity: 1 }]),
    );
    const corrections: Promise<Response>[] = Array.from({ length: 20 }, () =>
      api.adjustStock(product.id, { delta: -1, reason: "shrinkage" }),
    );
    const [reserved, corrected] = await Promise.all([Promise.all(reservations), Promise.all(corrections)]);
    const reservedCount = reserved.filter((o) => o.status === "Reserved").length;
    const correctedCount = corrected.filter((r) => r.statusCode === 200).length;
    for (const r of corrected.filter((r) => r.statusCode !== 200)) {
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().code).toBe("stock.below_reserved");
    }
    expect(reservedCount + correctedCount).toBe(20);
    expect(await stockRow(t.db, product.id)).toMatchObject({
      on_hand: 20 - correctedCount,
      reserved: reservedCount,
    });
    expect((await api.stock(product.id)).available).toBe(0);
    await expectHistoryNeverOversold(product.id);
  });
});

describe("the database is the last line of defence", () => {
  it("refuses a row with more reserved than on hand, or negative figures, whatever the code does", async () => {
    const product = await api.product({ categoryId, initialStock: 3 });
    for (const set of ["reserved = 4", "on_hand = -1", "reserved = -1"]) {
      await expect(
        t.db.$executeRawUnsafe(`UPDATE stock_items SET ${set} WHERE product_id = $1::uuid`, product.id),
      ).rejects.toThrow(/check constraint|violates/i);
    }
    expect(await stockRow(t.db, product.id)).toMatchObject({ on_hand: 3, reserved: 0 });
  });
});
