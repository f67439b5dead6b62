import { StockLow, StockReservationFailed, StockReserved } from "@ecommerce/contracts";
import { PermanentFailure } from "@ecommerce/messaging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  catalogApi,
  countRows,
  eventsOf,
  expectConsistent,
  newUuid,
  type ProductJson,
  snapshot,
  stockRow,
} from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import {
  ORDERING_SUBSCRIPTION,
  orderCancelled,
  orderConfirmed,
  SHIPPING_SUBSCRIPTION,
  shipmentDispatched,
} from "../support/events.ts";

// Catalog's side of the order lifecycle, driven by the events it consumes (as the bus delivers them).

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let categoryId: string;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  categoryId = (await api.category()).id;
});
afterAll(() => t.close());

const product = (initialStock: number, lowStockThreshold = 0): Promise<ProductJson> =>
  api.product({ categoryId, initialStock, lowStockThreshold });

async function reservationOf(orderId: string) {
  const rows = await t.db.$queryRawUnsafe<{ status: string }[]>(
    "SELECT status FROM reservations WHERE order_id = $1::uuid",
    orderId,
  );
  return rows[0]?.status;
}

describe("OrderConfirmed → reserve every line, or none", () => {
  it("reserves all lines and publishes StockReserved, caused by the event, in its correlation", async () => {
    const [a, b] = [await product(5), await product(3)];
    const orderId = newUuid();
    const event = orderConfirmed(orderId, [
      { productId: a.id, quantity: 2 },
      { productId: b.id, quantity: 3 },
    ]);
    const events = await eventsOf(t.db, () => t.handleEvent(ORDERING_SUBSCRIPTION, event));
    // b sells out, but the default threshold 0 never signals low stock (available cannot go below 0)
    expect(events.map((e) => e.type)).toEqual([StockReserved.type]);
    expect(events[0]).toMatchObject({
      subject: orderId,
      correlationid: event.correlationid,
      causationid: event.id,
      data: {
        orderId,
        lines: [
          { productId: a.id, quantity: 2 },
          { productId: b.id, quantity: 3 },
        ],
      },
    });
    expect(await api.stock(a.id)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(await api.stock(b.id)).toEqual({ onHand: 3, reserved: 3, available: 0 });
    expect(await reservationOf(orderId)).toBe("Reserved");
    // the read model (through the cache) follows
    expect((await expectConsistent(t, a.id)).available).toBe(3);
    expect((await expectConsistent(t, b.id)).available).toBe(0);
  });

  it("reserves nothing when a line is short and publishes StockReservationFailed with the short lines", async () => {
    const [a, b] = [await product(5), await product(1)];
    const orderId = newUuid();
    const event = orderConfirmed(orderId, [
      { productId: a.id, quantity: 2 },
      { productId: b.id, quantity: 2 },
    ]);
    const events = await eventsOf(t.db, () => t.handleEvent(ORDERING_SUBSCRIPTION, event));
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        StockReservationFailed.type,
        { orderId, shortLines: [{ productId: b.id, requested: 2, available: 1 }] },
      ],
    ]);
    expect(await api.stock(a.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await api.stock(b.id)).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(await reservationOf(orderId)).toBe("Refused");
  });

  it("an unknown product is short with 0 available", async () => {
    const a = await product(5);
    const unknown = newUuid();
    const orderId = newUuid();
    const events = await eventsOf(t.db, () =>
      t.handleEvent(
        ORDERING_SUBSCRIPTION,
        orderConfirmed(orderId, [
          { productId: a.id, quantity: 1 },
          { productId: unknown, quantity: 4 },
        ]),
      ),
    );
    expect(events.map((e) => e.data)).toEqual([
      { orderId, shortLines: [{ productId: unknown, requested: 4, available: 0 }] },
    ]);
    expect((await api.stock(a.id)).reserved).toBe(0);
  });

  it("publishes StockLow with the reservation that takes a product below its threshold, not to it", async () => {
    const a = await product(10, 2);
    const reserve = (quantity: number) =>
      eventsOf(t.db, () =>
        t.handleEvent(ORDERING_SUBSCRIPTION, orderConfirmed(newUuid(), [{ productId: a.id, quantity }])),
      );
    // 10 -> 2: at the threshold, not below
    expect((await reserve(8)).map((e) => e.type)).toEqual([StockReserved.type]);
    // 2 -> 1: below
    const events = await reserve(1);
    expect(events.map((e) => e.type)).toEqual([StockReserved.type, StockLow.type]);
    expect(events[1]?.data).toEqual({ productId: a.id, available: 1, threshold: 2 });
    // 1 -> 0: still low, no second StockLow
    expect((await reserve(1)).map((e) => e.type)).toEqual([StockReserved.type]);
  });

  it("with threshold 1, StockLow says the product sold out", async () => {
    const a = await product(3, 1);
    const events = await eventsOf(t.db, () =>
      t.handleEvent(ORDERING_SUBSCRIPTION, orderConfirmed(newUuid(), [{ productId: a.id, quantity: 3 }])),
    );
    expect(events.map((e) => e.type)).toEqual([StockReserved.type, StockLow.type]);
    expect(events[1]).toMatchObject({ subject: a.id, data: { productId: a.id, available: 0, threshold: 1 } });
  });

  it("a redelivered event has no second effect (the inbox)", async () => {
    const a = await product(10);
    const event = orderConfirmed(newUuid(), [{ productId: a.id, quantity: 3 }]);
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, event)).toBe("handled");
    const before = await snapshot(t.db);
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, event)).toBe("duplicate");
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, JSON.stringify(event))).toBe("duplicate");
    expect(await snapshot(t.db)).toEqual(before);
    expect(await api.stock(a.id)).toEqual({ onHand: 10, reserved: 3, available: 7 });
  });

  it("parallel redeliveries of one event reserve once", async () => {
    const a = await product(100);
    const event = orderConfirmed(newUuid(), [{ productId: a.id, quantity: 7 }]);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => t.handleEvent(ORDERING_SUBSCRIPTION, event)),
    );
    expect(outcomes.filter((o) => o === "handled")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(9);
    expect(await api.stock(a.id)).toEqual({ onHand: 100, reserved: 7, available: 93 });
  });

  it("the same order confirmed again under another event id reserves nothing more (one reservation per order)", async () => {
    const a = await product(10);
    const orderId = newUuid();
    await t.handleEvent(ORDERING_SUBSCRIPTION, orderConfirmed(orderId, [{ productId: a.id, quantity: 4 }]));
    const events = await eventsOf(t.db, () =>
      t.handleEvent(ORDERING_SUBSCRIPTION, orderConfirmed(orderId, [{ productId: a.id, quantity: 4 }])),
    );
    expect(events).toEqual([]);
    expect(await api.stock(a.id)).toEqual({ onHand: 10, reserved: 4, available: 6 });
  });
});

describe("OrderCancelled → release", () => {
  it("gives the reserved units back; a redelivery changes nothing more", async () => {
    const a = await product(6);
    const orderId = newUuid();
    await t.handleEvent(ORDERING_SUBSCRIPTION, orderConfirmed(orderId, [{ productId: a.id, quantity: 6 }]));
    expect((await api.stock(a.id)).available).toBe(0);
    const cancelled = orderCancelled(orderId);
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, cancelled)).toBe("handled");
    expect(await api.stock(a.id)).toEqual({ onHand: 6, reserved: 0, available: 6 });
    expect(await reservationOf(orderId)).toBe("Released");
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, cancelled)).toBe("duplicate");
    await t.handleEvent(ORDERING_SUBSCRIPTION, orderCancelled(orderId)); // another event id, same order
    expect(await api.stock(a.id)).toEqual({ onHand: 6, reserved: 0, available: 6 });
    expect((await expectConsistent(t, a.id)).available).toBe(6);
  });

  it("a refused reservation has nothing to release", async () => {
    const a = await product(1);
    const orderId = newUuid();
    await t.handleEvent(ORDERING_SUBSCRIPTION, orderConfirmed(orderId, [{ productId: a.id, quantity: 2 }]));
    await t.handleEvent(ORDERING_SUBSCRIPTION, orderCancelled(orderId));
    expect(await api.stock(a.id)).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(await reservationOf(orderId)).toBe("Refused");
  });

  it("a cancellation that arrives first makes a late confirmation reserve nothing", async () => {
    const a = await product(5);
    const orderId = newUuid();
    await t.handleEvent(ORDERING_SUBSCRIPTION, orderCancelled(orderId));
    expect(await reservationOf(orderId)).toBe("Cancelled");
    const events = await eventsOf(t.db, () =>
      t.handleEvent(ORDERING_SUBSCRIPTION, orderConfirmed(orderId, [{ productId: a.id, quantity: 5 }])),
    );
    expect(events).toEqual([]);
    expect((await api.stock(a.id)).reserved).toBe(0);
  });
});

describe("ShipmentDispatched → the reserved units leave the stock", () => {
  it("decrements onHand and reserved by the reservation; available is unchanged; redelivery does nothing", async () => {
    const [a, b] = [await product(10), await product(4)];
    const orderId = newUuid();
    const lines = [
      { productId: a.id, quantity: 3 },
      { productId: b.id, quantity: 4 },
    ];
    await t.handleEvent(ORDERING_SUBSCRIPTION, orderConfirmed(orderId, lines));
    const dispatched = shipmentDispatched(orderId, lines);
    expect(await t.handleEvent(SHIPPING_SUBSCRIPTION, dispatched)).toBe("handled");
    expect(await api.stock(a.id)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(await api.stock(b.id)).toEqual({ onHand: 0, reserved: 0, available: 0 });
    expect(await reservationOf(orderId)).toBe("Committed");
    expect(await t.handleEvent(SHIPPING_SUBSCRIPTION, dispatched)).toBe("duplicate");
    await t.handleEvent(SHIPPING_SUBSCRIPTION, shipmentDispatched(orderId, lines)); // another event id
    expect(await stockRow(t.db, a.id)).toMatchObject({ on_hand: 7, reserved: 0 });
    const kinds = await t.db.$queryRawUnsafe<
      { kind: string; on_hand_delta: number; reserved_delta: number }[]
    >(
      "SELECT kind, on_hand_delta, reserved_delta FROM stock_movements WHERE product_id = $1::uuid ORDER BY id",
      a.id,
    );
    expect(kinds).toEqual([
      { kind: "initial", on_hand_delta: 10, reserved_delta: 0 },
      { kind: "reservation", on_hand_delta: 0, reserved_delta: 3 },
      { kind: "shipment", on_hand_delta: -3, reserved_delta: -3 },
    ]);
    // a shipped order's cancellation cannot put the units back: dead-lettered for a human
    await expect(t.handleEvent(ORDERING_SUBSCRIPTION, orderCancelled(orderId))).rejects.toBeInstanceOf(
      PermanentFailure,
    );
    expect(await stockRow(t.db, a.id)).toMatchObject({ on_hand: 7, reserved: 0 });
  });

  it("a dispatch without a reservation is a permanent failure (dead letter), and writes nothing", async () => {
    const a = await product(5);
    const before = await snapshot(t.db);
    const error = await t
      .handleEvent(SHIPPING_SUBSCRIPTION, shipmentDispatched(newUuid(), [{ productId: a.id, quantity: 1 }]))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentFailure);
    expect((error as PermanentFailure).reason).toBe("reservation.not_found");
    expect(await snapshot(t.db)).toEqual(before);
  });

  it("an event that breaks its contract is refused before anything is written", async () => {
    const before = await countRows(t.db, "messaging_inbox");
    const event = { ...orderConfirmed(newUuid(), [{ productId: newUuid(), quantity: 1 }]) } as Record<
      string,
      unknown
    >;
    event.data = { orderId: "nope" };
    await expect(t.handleEvent(ORDERING_SUBSCRIPTION, event as never)).rejects.toThrow(/contract/i);
    expect(await countRows(t.db, "messaging_inbox")).toBe(before);
  });
});
