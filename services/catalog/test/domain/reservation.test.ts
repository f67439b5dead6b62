import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ReservationCommitted,
  ReservationReleased,
  StockLow,
  StockReservationFailed,
  StockReserved,
} from "../../src/domain/events.ts";
import { MAX_RESERVATION_LINES, Reservation } from "../../src/domain/reservation.ts";
import { ReservationStatus } from "../../src/domain/reservation-status.ts";
import { StockItem } from "../../src/domain/stock-item.ts";
import { expectRefused, id } from "./support.ts";

const ORDER = id(100);
const [P1, P2, P3] = [id(1), id(2), id(3)];

function stockOf(entries: [string, number, number?][], threshold = 0): Map<string, StockItem> {
  return new Map(
    entries.map(([productId, onHand, reserved = 0]) => [
      productId,
      StockItem.restore({ productId, onHand, reserved, lowStockThreshold: threshold }, 1),
    ]),
  );
}

const available = (stock: Map<string, StockItem>) =>
  Object.fromEntries([...stock].map(([p, item]) => [p, item.available]));

describe("Reservation.request: all lines or none", () => {
  it("reserves every line when every line is covered, and records StockReserved", () => {
    const stock = stockOf([
      [P1, 5],
      [P2, 3, 1],
    ]);
    const reservation = Reservation.request(
      ORDER,
      [
        { productId: P1, quantity: 5 },
        { productId: P2, quantity: 2 },
      ],
      stock,
    );
    expect(reservation.status).toBe(ReservationStatus.Reserved);
    expect(reservation.orderId).toBe(ORDER);
    expect(available(stock)).toEqual({ [P1]: 0, [P2]: 0 });
    expect(stock.get(P2)?.reserved).toBe(3);
    expect(reservation.domainEvents).toHaveLength(1);
    const event = reservation.domainEvents[0] as StockReserved;
    expect(event).toBeInstanceOf(StockReserved);
    expect(event.lines).toEqual([
      { productId: P1, quantity: 5 },
      { productId: P2, quantity: 2 },
    ]);
  });

  it("reserves nothing when one line is short, and reports only the short lines", () => {
    const stock = stockOf([
      [P1, 5],
      [P2, 3, 2],
      [P3, 10],
    ]);
    const reservation = Reservation.request(
      ORDER,
      [
        { productId: P1, quantity: 5 },
        { productId: P2, quantity: 2 },
        { productId: P3, quantity: 11 },
      ],
      stock,
    );
    expect(reservation.status).toBe(ReservationStatus.Refused);
    expect(available(stock)).toEqual({ [P1]: 5, [P2]: 1, [P3]: 10 });
    for (const item of stock.values()) expect(item.domainEvents).toEqual([]);
    const event = reservation.domainEvents[0] as StockReservationFailed;
    expect(reservation.domainEvents).toHaveLength(1);
    expect(event).toBeInstanceOf(StockReservationFailed);
    expect(event.shortLines).toEqual([
      { productId: P2, requested: 2, available: 1 },
      { productId: P3, requested: 11, available: 10 },
    ]);
  });

  it("a product without stock (unknown to the catalog) is short with 0 available", () => {
    const stock = stockOf([[P1, 5]]);
    const reservation = Reservation.request(
      ORDER,
      [
        { productId: P1, quantity: 1 },
        { productId: P2, quantity: 1 },
      ],
      stock,
    );
    expect(reservation.status).toBe(ReservationStatus.Refused);
    expect((reservation.domainEvents[0] as StockReservationFailed).shortLines).toEqual([
      { productId: P2, requested: 1, available: 0 },
    ]);
    expect(stock.get(P1)?.available).toBe(5);
  });

  it("adds up the same product given twice before deciding", () => {
    const stock = stockOf([[P1, 5]]);
    const refused = Reservation.request(
      ORDER,
      [
        { productId: P1, quantity: 3 },
        { productId: P1, quantity: 3 },
      ],
      stock,
    );
    expect((refused.domainEvents[0] as StockReservationFailed).shortLines).toEqual([
      { productId: P1, requested: 6, available: 5 },
    ]);
    const reserved = Reservation.request(
      id(101),
      [
        { productId: P1, quantity: 2 },
        { productId: P1, quantity: 3 },
      ],
      stock,
    );
    expect(reserved.lines).toEqual([{ productId: P1, quantity: 5, available: null }]);
    expect(stock.get(P1)?.available).toBe(0);
  });

  it("raises StockLow on the items it takes below their threshold, not on those it takes to it", () => {
    const stock = stockOf(
      [
        [P1, 5],
        [P2, 50],
        [P3, 5],
      ],
      3,
    );
    Reservation.request(
      ORDER,
      [
        { productId: P1, quantity: 3 },
        { productId: P2, quantity: 2 },
        { productId: P3, quantity: 2 },
      ],
      stock,
    );
    const low = (p: string) => stock.get(p)?.domainEvents.some((e) => e instanceof StockLow);
    expect(low(P1)).toBe(true); // 5 -> 2
    expect(low(P2)).toBe(false); // 50 -> 48
    expect(low(P3)).toBe(false); // 5 -> 3: at the threshold
  });

  it("refuses no lines, bad quantities and too many lines", () => {
    const stock = stockOf([[P1, 5]]);
    expectRefused(() => Reservation.request(ORDER, [], stock), "reservation.empty", "invalid");
    for (const quantity of [0, -1, 1.5]) {
      expectRefused(
        () => Reservation.request(ORDER, [{ productId: P1, quantity }], stock),
        "reservation.invalid_quantity",
        "invalid",
      );
    }
    expectRefused(
      () =>
        Reservation.request(
          ORDER,
          [
            { productId: P1, quantity: 600_000 },
            { productId: P1, quantity: 600_000 },
          ],
          stock,
        ),
      "reservation.invalid_quantity",
      "invalid",
    );
    const lines = Array.from({ length: MAX_RESERVATION_LINES + 1 }, (_, i) => ({
      productId: id(1000 + i),
      quantity: 1,
    }));
    expectRefused(() => Reservation.request(ORDER, lines, stock), "reservation.too_many_lines", "invalid");
    expect(stock.get(P1)?.available).toBe(5);
  });
});

describe("Reservation.release", () => {
  it("gives the units of a Reserved reservation back", () => {
    const stock = stockOf([
      [P1, 5],
      [P2, 5],
    ]);
    const reservation = Reservation.request(
      ORDER,
      [
        { productId: P1, quantity: 2 },
        { productId: P2, quantity: 5 },
      ],
      stock,
    );
    reservation.markSaved(1);
    expect(reservation.release(stock)).toBe(true);
    expect(reservation.status).toBe(ReservationStatus.Released);
    expect(available(stock)).toEqual({ [P1]: 5, [P2]: 5 });
    expect(reservation.domainEvents[0]).toBeInstanceOf(ReservationReleased);
  });

  it.each([ReservationStatus.Refused, ReservationStatus.Released, ReservationStatus.Cancelled])(
    "a %s reservation has nothing to give back",
    (status) => {
      const stock = stockOf([[P1, 5, 2]]);
      const reservation = Reservation.restore(
        { orderId: ORDER, status, lines: [{ productId: P1, quantity: 2, available: null }] },
        2,
      );
      expect(reservation.release(stock)).toBe(false);
      expect(stock.get(P1)?.reserved).toBe(2);
      expect(reservation.domainEvents).toEqual([]);
    },
  );

  it("refuses to release a shipped order's units", () => {
    const stock = stockOf([[P1, 5, 2]]);
    const reservation = Reservation.restore(
      {
        orderId: ORDER,
        status: ReservationStatus.Committed,
        lines: [{ productId: P1, quantity: 2, available: null }],
      },
      2,
    );
    expectRefused(() => reservation.release(stock), "reservation.already_shipped", "illegal-state");
    expect(stock.get(P1)?.reserved).toBe(2);
  });

  it("a cancellation before any reservation leaves a Cancelled marker without lines", () => {
    const marker = Reservation.cancelledBeforeReserving(ORDER);
    expect(marker.status).toBe(ReservationStatus.Cancelled);
    expect(marker.lines).toEqual([]);
  });
});

describe("Reservation.commit", () => {
  it("ships the reserved units: onHand and reserved drop by the reserved quantities", () => {
    const stock = stockOf([
      [P1, 5],
      [P2, 7],
    ]);
    const reservation = Reservation.request(
      ORDER,
      [
        { productId: P1, quantity: 2 },
        { productId: P2, quantity: 7 },
      ],
      stock,
    );
    reservation.markSaved(1);
    expect(reservation.commit(stock)).toBe(true);
    expect(reservation.status).toBe(ReservationStatus.Committed);
    expect([...stock.values()].map((i) => [i.onHand, i.reserved])).toEqual([
      [3, 0],
      [0, 0],
    ]);
    expect(reservation.domainEvents[0]).toBeInstanceOf(ReservationCommitted);
    // committing again changes nothing
    expect(reservation.commit(stock)).toBe(false);
    expect([...stock.values()].map((i) => [i.onHand, i.reserved])).toEqual([
      [3, 0],
      [0, 0],
    ]);
  });

  it.each([ReservationStatus.Refused, ReservationStatus.Released, ReservationStatus.Cancelled])(
    "a %s reservation cannot be shipped",
    (status) => {
      const stock = stockOf([[P1, 5]]);
      const reservation = Reservation.restore({ orderId: ORDER, status, lines: [] }, 1);
      expectRefused(() => reservation.commit(stock), "reservation.not_reserved", "illegal-state");
      expect(stock.get(P1)?.onHand).toBe(5);
    },
  );
});

describe("reservations never oversell (property)", () => {
  it("across any sequence of orders, each is whole or refused and available never goes below zero", () => {
    const products = [P1, P2, P3];
    const order = fc.array(
      fc.record({ product: fc.constantFrom(...products), quantity: fc.integer({ min: 1, max: 8 }) }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 3, maxLength: 3 }),
        fc.array(order, { maxLength: 30 }),
        (initial, orders) => {
          const stock = stockOf(products.map((p, i) => [p, initial[i] ?? 0] as [string, number]));
          let reservedTotal = 0;
          orders.forEach((lines, n) => {
            const before = available(stock);
            const requested = new Map<string, number>();
            for (const l of lines) requested.set(l.product, (requested.get(l.product) ?? 0) + l.quantity);
            const fits = [...requested].every(([p, q]) => q <= (before[p] ?? 0));
            const reservation = Reservation.request(
              id(500 + n),
              lines.map((l) => ({ productId: l.product, quantity: l.quantity })),
              stock,
            );
            const after = available(stock);
            if (fits) {
              expect(reservation.status).toBe(ReservationStatus.Reserved);
              for (const p of products) expect(after[p]).toBe((before[p] ?? 0) - (requested.get(p) ?? 0));
              reservedTotal += [...requested.values()].reduce((a, b) => a + b, 0);
            } else {
              expect(reservation.status).toBe(ReservationStatus.Refused);
              expect(after).toEqual(before);
            }
            for (const p of products) expect(after[p]).toBeGreaterThanOrEqual(0);
          });
          expect([...stock.values()].reduce((s, i) => s + i.reserved, 0)).toBe(reservedTotal);
        },
      ),
      { numRuns: 300 },
    );
  });
});
