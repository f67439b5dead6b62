import {
  OrderAwaitingPayment,
  OrderCancelled,
  OrderConfirmed,
  OrderPlaced,
  parseEvent,
  ReservationRejected,
  StockReservationFailed,
  StockReserved,
} from "@ecommerce/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  changedByEvent,
  countOrders,
  expectConsistent,
  expectNoWrite,
  expectProblem,
  forceStatus,
  line,
  newUuid,
  type OrderJson,
  orderOf,
  ordersApi,
  type Response,
  snapshot,
} from "../support/orders-api.ts";
import { countOutbox, outboxRows, outboxTypes } from "../support/outbox.ts";
import { address, CATALOG_SUBSCRIPTION, events, type Replicas, replicas } from "../support/replicas.ts";

// The events ordering publishes, and its part of the choreography.
//
// Transactional outbox: every command that changes an order writes the integration events other
// contexts rely on into messaging_outbox, in the transaction that saves the order, in the request's
// correlation. Nothing is published here (no relay runs); the rows are what the relay would publish.
//
// Lifecycle: catalog answers OrderConfirmed with StockReserved (→ AwaitingPayment, OrderAwaitingPayment
// for billing) or StockReservationFailed (→ Cancelled, out of stock). The answers arrive on ordering's
// catalog subscription and go through the mediator as the bus delivers them.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
/** Set by a test to make the save transaction fail after the outbox rows were written. */
let failAfterOutbox = false;
let customerId: string;
let products: [string, string];
beforeAll(async () => {
  t = await createOrderingTestApp({
    saveListeners: [
      {
        async onSaved() {
          if (failAfterOutbox) throw new Error("the save's last step failed");
        },
      },
    ],
  });
  api = ordersApi(t);
  seed = replicas(t);
  customerId = await seed.customer({
    name: "Ada Lovelace",
    defaultShippingAddress: address({ recipient: "Ada Lovelace", line2: "Floor 3" }),
  });
  products = (await seed.products(["12.50", "0.10"])) as [string, string];
});
afterAll(() => t.close());

const correlation = () => ({ "x-correlation-id": `req-${newUuid()}` });

async function placedOrder(headers: Record<string, string> = {}): Promise<OrderJson> {
  return orderOf(
    await api.place({ customerId, lines: [line(products[0], 2), line(products[1], 3)] }, headers),
    201,
  );
}

describe("what each command writes to the outbox", () => {
  it("place → one OrderPlaced (no row per line), in the request's correlation and caused by the request", async () => {
    const headers = correlation();
    const res = await api.place({ customerId, lines: [line(products[0], 2), line(products[1], 3)] }, headers);
    const order = orderOf(res, 201);

    const rows = await outboxRows(t.db, order.id);
    expect(rows.map((r) => r.event.type)).toEqual([OrderPlaced.type]);
    const [placed] = rows;
    expect(placed?.sent).toBe(false);
    expect(placed?.event).toMatchObject({
      specversion: "1.0",
      source: "/ordering",
      type: "ecommerce.ordering.order-placed.v1",
      subject: order.id,
      datacontenttype: "application/json",
      data: { orderId: order.id, customerId },
      correlationid: headers["x-correlation-id"],
      causationid: res.headers["x-request-id"],
    });
    expect(Math.abs(Date.parse(placed!.event.time) - Date.parse(order.orderDate))).toBeLessThan(60_000);
  });

  it("without an x-correlation-id, the correlation is the one the response names", async () => {
    const res = await api.place({ customerId, lines: [] });
    const order = orderOf(res, 201);
    const [placed] = await outboxRows(t.db, order.id);
    expect(res.headers["x-correlation-id"]).toEqual(expect.any(String));
    expect(placed?.event.correlationid).toBe(res.headers["x-correlation-id"]);
  });

  it("add line → nothing (OrderLineAdded stays inside ordering)", async () => {
    const order = await placedOrder();
    const before = await outboxRows(t.db, order.id);
    orderOf(await api.addLine(order.id, line(await seed.product("1.00"), 1)));
    expect(await outboxRows(t.db, order.id)).toEqual(before);
  });

  it("confirm → OrderConfirmed with the lines at their prices, the total, the customer and the shipping address", async () => {
    const order = await placedOrder();
    const headers = correlation();
    const res = await api.confirm(order.id, headers);
    orderOf(res);

    expect(await outboxTypes(t.db, order.id)).toEqual([OrderPlaced.type, OrderConfirmed.type]);
    const confirmed = (await outboxRows(t.db, order.id))[1]!.event;
    expect(confirmed.data).toEqual({
      orderId: order.id,
      customerId,
      lines: [
        { productId: products[0], quantity: 2, unitPrice: { amount: "12.50", currency: "EUR" } },
        { productId: products[1], quantity: 3, unitPrice: { amount: "0.10", currency: "EUR" } },
      ],
      total: { amount: "25.30", currency: "EUR" },
      shippingAddress: address({ recipient: "Ada Lovelace", line2: "Floor 3" }),
    });
    expect(confirmed).toMatchObject({
      subject: order.id,
      correlationid: headers["x-correlation-id"],
      causationid: res.headers["x-request-id"],
    });
  });

  it("confirm an order without a shipping address → OrderConfirmed with shippingAddress null", async () => {
    const buyer = await seed.customer({ defaultShippingAddress: null });
    const order = orderOf(await api.place({ customerId: buyer, lines: [line(products[0], 1)] }), 201);
    orderOf(await api.confirm(order.id));
    const confirmed = (await outboxRows(t.db, order.id)).at(-1)!.event;
    expect(confirmed.type).toBe(OrderConfirmed.type);
    expect(confirmed.data).toMatchObject({ shippingAddress: null });
  });

  it("cancel → OrderCancelled with the cause (customer-request), not the customer's free text", async () => {
    const order = await placedOrder();
    orderOf(await api.confirm(order.id));
    const headers = correlation();
    orderOf(await api.cancel(order.id, "my private reasons", headers));

    const rows = await outboxRows(t.db, order.id);
    expect(rows.map((r) => r.event.type)).toEqual([
      OrderPlaced.type,
      OrderConfirmed.type,
      OrderCancelled.type,
    ]);
    const cancelled = rows[2]!.event;
    expect(cancelled.data).toEqual({ orderId: order.id, customerId, reason: "customer-request" });
    expect(cancelled.correlationid).toBe(headers["x-correlation-id"]);
    expect(JSON.stringify(cancelled)).not.toContain("my private reasons");
  });

  it("a cancelled Pending order → OrderCancelled too (catalog, billing and shipping ignore what they never saw)", async () => {
    const order = await placedOrder();
    orderOf(await api.cancel(order.id, "oops"));
    expect(await outboxTypes(t.db, order.id)).toEqual([OrderPlaced.type, OrderCancelled.type]);
  });

  it("every row is a valid CloudEvents envelope of the published language, with a unique id", async () => {
    const order = await placedOrder();
    orderOf(await api.confirm(order.id));
    orderOf(await api.cancel(order.id, "testing"));
    const rows = await outboxRows(t.db); // outboxRows parses each one with parseEvent
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r.event.id)).size).toBe(rows.length);
    for (const row of rows) {
      expect(() => parseEvent(JSON.stringify(row.event))).not.toThrow();
      expect(row.event.source).toBe("/ordering");
    }
  });
});

describe("a refused command leaves no outbox row", () => {
  type Request = () => Promise<Response>;
  // each case prepares what it needs, then hands back the request that must be refused
  it.each<[string, number, () => Promise<Request>]>([
    [
      "a unitPrice sent",
      400,
      async () => () =>
        api.place({
          customerId,
          lines: [{ ...line(products[0]), unitPrice: { amount: "1.00", currency: "EUR" } }],
        }),
    ],
    ["an unknown product", 422, async () => () => api.place({ customerId, lines: [line(newUuid())] })],
    [
      "an unknown customer",
      422,
      async () => () => api.place({ customerId: newUuid(), lines: [line(products[0])] }),
    ],
    [
      "confirming an empty order",
      409,
      async () => {
        const empty = orderOf(await api.place({ customerId, lines: [] }), 201);
        return () => api.confirm(empty.id);
      },
    ],
    [
      "confirming twice",
      409,
      async () => {
        const order = await placedOrder();
        orderOf(await api.confirm(order.id));
        return () => api.confirm(order.id);
      },
    ],
    [
      "cancelling twice",
      409,
      async () => {
        const order = await placedOrder();
        orderOf(await api.cancel(order.id, "first"));
        return () => api.cancel(order.id, "second");
      },
    ],
    [
      "a stale If-Match",
      412,
      async () => {
        const order = await placedOrder();
        orderOf(await api.addLine(order.id, line(products[1])));
        return () => api.confirm(order.id, { "if-match": '"1"' });
      },
    ],
  ])("%s → %i", async (_what, status, prepare) => {
    const request = await prepare();
    const outbox = await countOutbox(t.db);
    const res = await expectNoWrite(t.db, request); // the snapshot covers messaging_outbox
    expect(res.statusCode, res.body).toBe(status);
    expect(await countOutbox(t.db)).toBe(outbox);
  });
});

describe("the order and its outbox rows commit or roll back together", () => {
  it("a save that fails after its outbox rows were written leaves neither the order nor the rows", async () => {
    const before = await snapshot(t.db);
    const orders = await countOrders(t.db);
    failAfterOutbox = true;
    try {
      const res = await api.place({ customerId, lines: [line(products[0])] });
      expectProblem(res, 500, "internal_error");
    } finally {
      failAfterOutbox = false;
    }
    expect(await snapshot(t.db)).toEqual(before);
    expect(await countOrders(t.db)).toBe(orders);
  });

  it("a confirm whose save fails leaves the order Pending and no OrderConfirmed", async () => {
    const order = await placedOrder();
    const before = await snapshot(t.db);
    failAfterOutbox = true;
    try {
      expectProblem(await api.confirm(order.id), 500, "internal_error");
    } finally {
      failAfterOutbox = false;
    }
    expect(await snapshot(t.db)).toEqual(before);
    expect(await outboxTypes(t.db, order.id)).toEqual([OrderPlaced.type]);
    expect((await expectConsistent(t, order.id)).status).toBe("Pending");
  });

  it("when the outbox cannot be written, the state change is not committed either", async () => {
    const order = await placedOrder();
    // the outbox refuses OrderConfirmed rows (as a full disk or a broken table would refuse any)
    await t.db.$executeRawUnsafe(
      `ALTER TABLE messaging_outbox ADD CONSTRAINT test_no_confirmed
         CHECK (event_type <> 'ecommerce.ordering.order-confirmed.v1') NOT VALID`,
    );
    const before = await snapshot(t.db);
    try {
      expectProblem(await api.confirm(order.id), 500, "internal_error");
      expect(await snapshot(t.db)).toEqual(before);
    } finally {
      await t.db.$executeRawUnsafe("ALTER TABLE messaging_outbox DROP CONSTRAINT test_no_confirmed");
    }
    expect((await expectConsistent(t, order.id)).status).toBe("Pending");
    // once the outbox takes it again, the same command goes through with its event
    orderOf(await api.confirm(order.id));
    expect(await outboxTypes(t.db, order.id)).toEqual([OrderPlaced.type, OrderConfirmed.type]);
  });

  it("a committed command has its order row and its outbox row, both", async () => {
    const order = await placedOrder();
    const [row] = await t.db.$queryRawUnsafe<{ orders: number; outbox: number }[]>(
      `SELECT (SELECT count(*)::int FROM orders WHERE id = $1::uuid) AS orders,
              (SELECT count(*)::int FROM messaging_outbox WHERE subject = $2) AS outbox`,
      order.id,
      order.id,
    );
    expect(row).toEqual({ orders: 1, outbox: 1 });
  });
});

/** A confirmed two-line order (2 x 12.50 + 1 x 0.10 = 25.10 EUR) of a new customer, at version 2. */
async function confirmedOrder(): Promise<OrderJson> {
  const placed = await api.placed([line(products[0], 2), line(products[1], 1)]);
  return orderOf(await api.confirm(placed.id));
}

const reservedLines = (order: OrderJson) =>
  order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));

describe("catalog's StockReserved", () => {
  it("moves a Confirmed order to AwaitingPayment and puts OrderAwaitingPayment in the outbox, in the event's correlation", async () => {
    const order = await confirmedOrder();
    const correlationId = `checkout-${newUuid()}`;
    const reserved = events.stockReserved(order.id, reservedLines(order), { correlationId });
    await seed.fromCatalog(reserved);

    const now = await expectConsistent(t, order.id);
    expect(now).toEqual({
      ...order,
      status: "AwaitingPayment",
      version: 3,
      history: [...order.history, changedByEvent("AwaitingPayment", reserved)],
    });

    expect(await outboxTypes(t.db, order.id)).toEqual([
      OrderPlaced.type,
      OrderConfirmed.type,
      OrderAwaitingPayment.type,
    ]);
    const awaiting = (await outboxRows(t.db, order.id)).at(-1)!.event;
    // billing invoices the lines, taxes by the address's country and charges the payment method
    expect(awaiting.data).toEqual({
      orderId: order.id,
      customerId: order.customerId,
      total: { amount: "25.10", currency: "EUR" },
      lines: [
        { productId: products[0], quantity: 2, unitPrice: { amount: "12.50", currency: "EUR" } },
        { productId: products[1], quantity: 1, unitPrice: { amount: "0.10", currency: "EUR" } },
      ],
      shippingAddress: order.shippingAddress,
      paymentMethod: { token: "tok_ok" },
    });
    expect(awaiting).toMatchObject({
      source: "/ordering",
      subject: order.id,
      correlationid: correlationId,
      causationid: reserved.id,
    });
  });

  it("an order awaiting payment can still be cancelled by its customer", async () => {
    const order = await confirmedOrder();
    await seed.fromCatalog(events.stockReserved(order.id, reservedLines(order)));
    const cancelled = orderOf(await api.cancel(order.id, "found it cheaper"));
    expect(cancelled).toMatchObject({
      status: "Cancelled",
      cancellationReason: "found it cheaper",
      version: 4,
    });
    const last = (await outboxRows(t.db, order.id)).at(-1)!.event;
    expect(last.type).toBe(OrderCancelled.type);
    expect(last.data).toEqual({
      orderId: order.id,
      customerId: order.customerId,
      reason: "customer-request",
    });
  });
});

describe("catalog's StockReservationFailed", () => {
  it("cancels a Confirmed order as out of stock and puts OrderCancelled (out-of-stock) in the outbox", async () => {
    const order = await confirmedOrder();
    const short = { productId: products[0], requested: 2, available: 1 };
    const failed = events.stockReservationFailed(order.id, [short]);
    await seed.fromCatalog(failed);

    const now = await expectConsistent(t, order.id);
    expect(now).toMatchObject({ status: "Cancelled", version: 3, lines: order.lines, total: order.total });
    expect(now.cancellationReason).toMatch(/^out of stock: /);
    expect(now.cancellationReason).toContain(`${products[0]} (1 of 2)`);

    expect(await outboxTypes(t.db, order.id)).toEqual([
      OrderPlaced.type,
      OrderConfirmed.type,
      OrderCancelled.type,
    ]);
    const cancelled = (await outboxRows(t.db, order.id)).at(-1)!.event;
    expect(cancelled.data).toEqual({
      orderId: order.id,
      customerId: order.customerId,
      reason: "out-of-stock",
    });
    expect(cancelled).toMatchObject({ correlationid: failed.correlationid, causationid: failed.id });
  });

  it("keeps the reason within its 500 characters however many lines were short", async () => {
    const many = await seed.products(Array(20).fill("1.00"));
    const placed = await api.placed(many.map((p) => line(p, 10_000)));
    orderOf(await api.confirm(placed.id));
    await seed.fromCatalog(
      events.stockReservationFailed(
        placed.id,
        many.map((productId) => ({ productId, requested: 10_000, available: 9_999 })),
      ),
    );
    const now = await expectConsistent(t, placed.id);
    expect(now.status).toBe("Cancelled");
    expect(now.cancellationReason?.length).toBeLessThanOrEqual(500);
  });
});

describe("a stock outcome whose effect fails", () => {
  it("leaves no inbox row, so its redelivery takes effect (inbox and effect commit together)", async () => {
    const order = await confirmedOrder();
    const failed = events.stockReservationFailed(order.id, [
      { productId: products[0], requested: 2, available: 0 },
    ]);
    // the outbox refuses OrderCancelled for a moment: the handler's save fails
    await t.db.$executeRawUnsafe(
      `ALTER TABLE messaging_outbox ADD CONSTRAINT test_no_cancelled
         CHECK (event_type <> 'ecommerce.ordering.order-cancelled.v1') NOT VALID`,
    );
    const before = await snapshot(t.db);
    try {
      await expect(seed.fromCatalog(failed)).rejects.toThrow();
      expect(await snapshot(t.db)).toEqual(before);
    } finally {
      await t.db.$executeRawUnsafe("ALTER TABLE messaging_outbox DROP CONSTRAINT test_no_cancelled");
    }
    expect((await expectConsistent(t, order.id)).status).toBe("Confirmed");

    await seed.fromCatalog(failed); // the bus delivers it again
    expect((await expectConsistent(t, order.id)).status).toBe("Cancelled");
    expect((await outboxRows(t.db, order.id)).at(-1)?.event.data).toMatchObject({ reason: "out-of-stock" });
  });
});

describe("stock reserved for an order that cannot use it is rejected back to catalog", () => {
  it("an order the customer cancelled meanwhile: ReservationRejected (order-cancelled), the order unchanged", async () => {
    const order = await confirmedOrder();
    const cancelled = orderOf(await api.cancel(order.id, "changed my mind"));
    const reserved = events.stockReserved(order.id, reservedLines(order));
    await seed.fromCatalog(reserved);

    expect(await expectConsistent(t, order.id)).toEqual(cancelled);
    const rows = await outboxRows(t.db, order.id);
    expect(rows.map((r) => r.event.type)).toEqual([
      OrderPlaced.type,
      OrderConfirmed.type,
      OrderCancelled.type,
      ReservationRejected.type,
    ]);
    expect(rows.at(-1)?.event).toMatchObject({
      subject: order.id,
      causationid: reserved.id,
      data: { orderId: order.id, reason: "order-cancelled", rejectedEventId: reserved.id },
    });
  });

  it("an order ordering does not know (a forged or foreign event): ReservationRejected (unknown-order)", async () => {
    const stray = events.stockReserved(newUuid(), [{ productId: products[0], quantity: 1 }]);
    const ordersBefore = await countOrders(t.db);
    await seed.fromCatalog(stray);
    expect(await countOrders(t.db)).toBe(ordersBefore);
    const rows = await outboxRows(t.db, stray.data.orderId);
    expect(rows.map((r) => r.event.data)).toEqual([
      { orderId: stray.data.orderId, reason: "unknown-order", rejectedEventId: stray.id },
    ]);
    // Delivered again, it is a duplicate: no second rejection.
    await seed.fromCatalog(stray);
    expect(await outboxRows(t.db, stray.data.orderId)).toHaveLength(1);
  });
});

describe("a stock outcome the order has moved past is ignored (acknowledged, no change)", () => {
  it("StockReservationFailed for an order the customer cancelled meanwhile", async () => {
    const order = await confirmedOrder();
    const cancelled = orderOf(await api.cancel(order.id, "changed my mind"));
    const outcome = events.stockReservationFailed(order.id, [
      { productId: products[0], requested: 2, available: 0 },
    ]);
    const before = await snapshot(t.db);
    await seed.fromCatalog(outcome);

    expect(await expectConsistent(t, order.id)).toEqual(cancelled);
    expect(await outboxTypes(t.db, order.id)).toEqual([
      OrderPlaced.type,
      OrderConfirmed.type,
      OrderCancelled.type,
    ]);
    // only the inbox row was written: a redelivery will not be looked at again
    const after = await snapshot(t.db);
    expect({ ...after, inbox: before.inbox }).toEqual(before);
    expect(after.inbox).toEqual(
      expect.arrayContaining([{ subscription: CATALOG_SUBSCRIPTION, event_id: outcome.id }]),
    );
  });

  it("a second StockReserved (another event id) for an order already awaiting payment", async () => {
    const order = await confirmedOrder();
    await seed.fromCatalog(events.stockReserved(order.id, reservedLines(order)));
    const awaiting = await expectConsistent(t, order.id);
    await seed.fromCatalog(events.stockReserved(order.id, reservedLines(order)));
    expect(await expectConsistent(t, order.id)).toEqual(awaiting);
    expect(
      (await outboxTypes(t.db, order.id)).filter((type) => type === OrderAwaitingPayment.type),
    ).toHaveLength(1);
  });

  it("a failure arriving after the reservation does not cancel an order awaiting payment", async () => {
    const order = await confirmedOrder();
    await seed.fromCatalog(events.stockReserved(order.id, reservedLines(order)));
    await seed.fromCatalog(
      events.stockReservationFailed(order.id, [{ productId: products[0], requested: 2, available: 0 }]),
    );
    expect((await expectConsistent(t, order.id)).status).toBe("AwaitingPayment");
  });

  it("a stock outcome for a Pending (never confirmed) order", async () => {
    const placed = await api.placed([line(products[0], 1)]);
    await seed.fromCatalog(events.stockReserved(placed.id, reservedLines(placed)));
    expect(await expectConsistent(t, placed.id)).toEqual(placed);
  });

  it("a stock outcome for a Paid order", async () => {
    const order = await confirmedOrder();
    await forceStatus(t.db, order.id, "Paid");
    await seed.fromCatalog(
      events.stockReservationFailed(order.id, [{ productId: products[0], requested: 2, available: 0 }]),
    );
    expect((await expectConsistent(t, order.id)).status).toBe("Paid");
  });

  it("a reservation failure for an order ordering does not know (nothing was reserved)", async () => {
    const before = await snapshot(t.db);
    const stray = events.stockReservationFailed(newUuid(), [
      { productId: products[0], requested: 1, available: 0 },
    ]);
    await seed.fromCatalog(stray);
    const after = await snapshot(t.db);
    expect({ ...after, inbox: before.inbox }).toEqual(before);
  });
});
