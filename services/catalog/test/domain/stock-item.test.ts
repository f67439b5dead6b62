import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StockChanged, StockLow } from "../../src/domain/events.ts";
import { MAX_ADJUSTMENT, MAX_STOCK, StockItem } from "../../src/domain/stock-item.ts";
import { expectRefused, id } from "./support.ts";

const P = id(1);
const ORDER = id(100);

function item(onHand: number, reserved = 0, threshold = 0): StockItem {
  return StockItem.restore({ productId: P, onHand, reserved, lowStockThreshold: threshold }, 1);
}

const figures = (i: StockItem) => ({ onHand: i.onHand, reserved: i.reserved, available: i.available });
const lows = (i: StockItem) => i.domainEvents.filter((e): e is StockLow => e instanceof StockLow);

describe("StockItem.open", () => {
  it("opens with the initial units on hand, none reserved, and records the initial movement", () => {
    const opened = StockItem.open(P, 12, 3);
    expect(figures(opened)).toEqual({ onHand: 12, reserved: 0, available: 12 });
    expect(opened.lowStockThreshold).toBe(3);
    expect(opened.domainEvents).toHaveLength(1);
    expect(opened.domainEvents[0]).toMatchObject({
      kind: "initial",
      onHandDelta: 12,
      onHandAfter: 12,
      reservedAfter: 0,
    });
  });

  it("opens empty without a movement, and without StockLow even below the threshold", () => {
    const opened = StockItem.open(P, 0, 5);
    expect(figures(opened)).toEqual({ onHand: 0, reserved: 0, available: 0 });
    expect(opened.domainEvents).toEqual([]);
  });

  it.each([-1, 1.5, MAX_STOCK + 1, Number.NaN])("refuses the initial stock %s", (initial) => {
    expectRefused(() => StockItem.open(P, initial, 0), "stock.invalid_quantity", "invalid");
  });

  it.each([-1, 0.5, 1_000_001])("refuses the threshold %s", (threshold) => {
    expectRefused(() => StockItem.open(P, 1, threshold), "stock.invalid_threshold", "invalid");
  });
});

describe("StockItem.adjust", () => {
  it("restocks: onHand and available grow, reserved stays; the movement keeps the reason", () => {
    const stock = item(5, 2);
    stock.adjust(10, "  delivery 42 ");
    expect(figures(stock)).toEqual({ onHand: 15, reserved: 2, available: 13 });
    const movement = stock.domainEvents[0] as StockChanged;
    expect(movement).toBeInstanceOf(StockChanged);
    expect(movement).toMatchObject({
      kind: "adjustment",
      onHandDelta: 10,
      reservedDelta: 0,
      reason: "delivery 42",
    });
  });

  it("corrects downwards as far as the reserved units, not one further", () => {
    const stock = item(10, 4);
    stock.adjust(-6, "count");
    expect(figures(stock)).toEqual({ onHand: 4, reserved: 4, available: 0 });
    const before = figures(stock);
    const error = expectRefused(() => stock.adjust(-1, "count"), "stock.below_reserved", "illegal-state");
    expect(error.details).toEqual({ onHand: 4, reserved: 4, available: 0 });
    expect(figures(stock)).toEqual(before);
  });

  it("never takes onHand below zero", () => {
    const stock = item(3);
    expectRefused(() => stock.adjust(-4, "count"), "stock.below_reserved", "illegal-state");
    stock.adjust(-3, "count");
    expect(stock.onHand).toBe(0);
  });

  it.each([0, 1.5, MAX_ADJUSTMENT + 1, -MAX_ADJUSTMENT - 1, Number.NaN])("refuses the delta %s", (delta) => {
    const stock = item(5);
    expectRefused(() => stock.adjust(delta, "x"), "stock.invalid_delta", "invalid");
    expect(stock.domainEvents).toEqual([]);
  });

  it.each(["", "   ", "x".repeat(501), "a\nb", "a\uD800"])("refuses the reason %j", (reason) => {
    const stock = item(5);
    expectRefused(() => stock.adjust(1, reason), "stock.invalid_reason", "invalid");
    expect(figures(stock)).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });

  it("refuses to hold more than the maximum", () => {
    const stock = item(MAX_STOCK - 1);
    expectRefused(() => stock.adjust(2, "x"), "stock.too_large", "invalid");
    stock.adjust(1, "x");
    expect(stock.onHand).toBe(MAX_STOCK);
  });
});

describe("StockItem reserve, release, ship", () => {
  it("reserving holds units: reserved grows, available shrinks, onHand stays", () => {
    const stock = item(10);
    stock.reserve(4, ORDER);
    expect(figures(stock)).toEqual({ onHand: 10, reserved: 4, available: 6 });
    expect(stock.domainEvents[0]).toMatchObject({ kind: "reservation", reservedDelta: 4, orderId: ORDER });
  });

  it("cannot reserve more than available", () => {
    const stock = item(10, 7);
    expect(stock.canReserve(3)).toBe(true);
    expect(stock.canReserve(4)).toBe(false);
    expectRefused(() => stock.reserve(4, ORDER), "stock.insufficient", "illegal-state");
    expect(figures(stock)).toEqual({ onHand: 10, reserved: 7, available: 3 });
  });

  it("releasing gives units back; never more than are reserved", () => {
    const stock = item(10, 4);
    stock.release(4, ORDER);
    expect(figures(stock)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expectRefused(() => stock.release(1, ORDER), "stock.release_exceeds_reserved", "illegal-state");
  });

  it("shipping takes reserved units out of the stock: onHand and reserved drop, available stays", () => {
    const stock = item(10, 4);
    stock.ship(4, ORDER);
    expect(figures(stock)).toEqual({ onHand: 6, reserved: 0, available: 6 });
    expect(stock.domainEvents[0]).toMatchObject({ kind: "shipment", onHandDelta: -4, reservedDelta: -4 });
    expectRefused(() => stock.ship(1, ORDER), "stock.ship_exceeds_reserved", "illegal-state");
  });

  it.each([0, -1, 2.5])("refuses the quantity %s", (quantity) => {
    const stock = item(10, 5);
    for (const act of [
      () => stock.reserve(quantity, ORDER),
      () => stock.release(quantity, ORDER),
      () => stock.ship(quantity, ORDER),
    ]) {
      expectRefused(act, "stock.invalid_quantity", "invalid");
    }
    expect(stock.domainEvents).toEqual([]);
  });
});

describe("StockLow", () => {
  it("is raised when available falls below the threshold, not when it reaches it", () => {
    const stock = item(10, 0, 3);
    stock.reserve(7, ORDER); // 10 -> 3: at the threshold, not below
    expect(lows(stock)).toEqual([]);
    stock.reserve(1, ORDER); // 3 -> 2: below
    expect(lows(stock)).toHaveLength(1);
    expect(lows(stock)[0]).toMatchObject({ aggregateId: P, available: 2, threshold: 3 });
  });

  it("is raised once per crossing, and again after a restock back to the threshold or above", () => {
    const stock = item(10, 0, 3);
    stock.adjust(-8, "damaged"); // 10 -> 2: crosses
    stock.reserve(1, ORDER); // 2 -> 1: already low
    expect(lows(stock).map((e) => e.available)).toEqual([2]);
    stock.adjust(2, "delivery"); // 1 -> 3: at the threshold, no longer low
    stock.reserve(1, ORDER); // 3 -> 2: crosses again
    expect(lows(stock).map((e) => e.available)).toEqual([2, 2]);
    stock.adjust(20, "delivery"); // 2 -> 22: above
    stock.reserve(19, ORDER); // 22 -> 3: down to the threshold only
    expect(lows(stock).map((e) => e.available)).toEqual([2, 2]);
  });

  it("with threshold 0 it is never raised, even when the product sells out", () => {
    const stock = item(2, 0, 0);
    stock.reserve(2, ORDER);
    expect(stock.available).toBe(0);
    expect(lows(stock)).toEqual([]);
  });

  it("with threshold 1 it is raised when the product sells out", () => {
    const stock = item(2, 0, 1);
    stock.reserve(1, ORDER);
    expect(lows(stock)).toEqual([]);
    stock.reserve(1, ORDER);
    expect(lows(stock)).toMatchObject([{ available: 0, threshold: 1 }]);
  });

  it("is not raised by shipping (available does not change) nor by releasing", () => {
    const stock = item(5, 5, 2);
    stock.ship(3, ORDER);
    stock.release(2, ORDER);
    expect(lows(stock)).toEqual([]);
  });
});

describe("StockItem arithmetic (property)", () => {
  const operation = fc.oneof(
    fc.record({ op: fc.constant("adjust" as const), n: fc.integer({ min: -30, max: 30 }) }),
    fc.record({ op: fc.constant("reserve" as const), n: fc.integer({ min: -2, max: 20 }) }),
    fc.record({ op: fc.constant("release" as const), n: fc.integer({ min: -2, max: 20 }) }),
    fc.record({ op: fc.constant("ship" as const), n: fc.integer({ min: -2, max: 20 }) }),
  );

  it("whatever happens, nothing is negative, reserved <= onHand, available = onHand - reserved, and the movements add up", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 10 }),
        fc.array(operation, { maxLength: 60 }),
        (initial, threshold, ops) => {
          const stock = StockItem.open(P, initial, threshold);
          // an independent model of the figures
          let onHand = initial;
          let reserved = 0;
          for (const { op, n } of ops) {
            const before = figures(stock);
            const events = stock.domainEvents.length;
            const allowed =
              op === "adjust"
                ? n !== 0 && onHand + n >= reserved
                : n > 0 && (op === "reserve" ? n <= onHand - reserved : n <= reserved);
            const act = () => {
              if (op === "adjust") stock.adjust(n, "test");
              else if (op === "reserve") stock.reserve(n, ORDER);
              else if (op === "release") stock.release(n, ORDER);
              else stock.ship(n, ORDER);
            };
            if (allowed) {
              const lowsBefore = lows(stock).length;
              act();
              // exactly one StockLow for each step from not-low (>= threshold) to low (< threshold)
              const crossed = before.available >= threshold && stock.available < threshold;
              expect(lows(stock).length - lowsBefore).toBe(crossed ? 1 : 0);
              if (op === "adjust") onHand += n;
              if (op === "reserve") reserved += n;
              if (op === "release") reserved -= n;
              if (op === "ship") {
                onHand -= n;
                reserved -= n;
              }
            } else {
              expect(act).toThrow();
              expect(figures(stock)).toEqual(before);
              expect(stock.domainEvents.length).toBe(events);
            }
            expect(figures(stock)).toEqual({ onHand, reserved, available: onHand - reserved });
            expect(stock.reserved).toBeGreaterThanOrEqual(0);
            expect(stock.available).toBeGreaterThanOrEqual(0);
          }
          const movements = stock.domainEvents.filter((e): e is StockChanged => e instanceof StockChanged);
          expect(movements.reduce((s, m) => s + m.onHandDelta, 0)).toBe(onHand);
          expect(movements.reduce((s, m) => s + m.reservedDelta, 0)).toBe(reserved);
        },
      ),
      { numRuns: 300 },
    );
  });
});
