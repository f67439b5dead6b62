import {
  type EventEnvelope,
  OrderCancelled,
  OrderDelivered,
  OrderPaid,
  OrderShipped,
  PaymentFailed,
  PaymentSucceeded,
  ShipmentDelivered,
  ShipmentDispatched,
} from "@ecommerce/contracts";
import { PermanentFailure } from "@ecommerce/messaging";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderStatus } from "../../src/domain/order-status.ts";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  changedByCommand,
  changedByEvent,
  expectConsistent,
  expectProblem,
  forceStatus,
  line,
  newUuid,
  type OrderJson,
  orderOf,
  ordersApi,
  snapshot,
} from "../support/orders-api.ts";
import { outboxRows, outboxTypes } from "../support/outbox.ts";
import {
  BILLING_SUBSCRIPTION,
  deliver,
  events,
  type Replicas,
  replicas,
  SHIPPING_SUBSCRIPTION,
} from "../support/replicas.ts";

// Billing's and shipping's events move an order on: AwaitingPayment → Paid → Shipped → Delivered,
// or Cancelled when the payment fails. Each event goes to ordering's consumer of the subscription
// the topology declares (parse, inbox, mediator pipeline, aggregate, outbox, one transaction). A
// refusal of the aggregate is a PermanentFailure whose reason is its code: the bus dead-letters the
// event at once with it (the transport side is in integration/postgres-bus.test.ts).

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
/** What ordering logged at warn and above, as parsed JSON lines. */
const warnings: Record<string, unknown>[] = [];
let productId: string;
beforeAll(async () => {
  const logger = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line)) });
  t = await createOrderingTestApp({ logger });
  api = ordersApi(t);
  seed = replicas(t);
  productId = await seed.product("12.50");
});
afterAll(() => t.close());

const fromBilling = (event: EventEnvelope) => deliver(t.handleEvent, BILLING_SUBSCRIPTION, event);
const fromShipping = (event: EventEnvelope) => deliver(t.handleEvent, SHIPPING_SUBSCRIPTION, event);
const paid = (orderId: string) => events.paymentSucceeded(orderId, { amount: "25.00", currency: "EUR" });
const declined = (orderId: string) => events.paymentFailed(orderId, "card declined");
const dispatched = (orderId: string) => events.shipmentDispatched(orderId, [{ productId, quantity: 2 }]);
const delivered = (orderId: string) => events.shipmentDelivered(orderId);

/** An order moved along the real path (HTTP commands, then catalog's, billing's, shipping's events). */
async function orderIn(status: Exclude<OrderStatus, "Cancelled">): Promise<OrderJson> {
  const placed = await api.placed([line(productId, 2)]);
  const steps: (() => Promise<unknown>)[] = [
    () => api.confirm(placed.id),
    () => seed.fromCatalog(events.stockReserved(placed.id, [{ productId, quantity: 2 }])),
    () => fromBilling(paid(placed.id)),
    () => fromShipping(dispatched(placed.id)),
    () => fromShipping(delivered(placed.id)),
  ];
  const order: OrderStatus[] = ["Pending", "Confirmed", "AwaitingPayment", "Paid", "Shipped", "Delivered"];
  for (const step of steps.slice(0, order.indexOf(status))) await step();
  const now = await expectConsistent(t, placed.id);
  expect(now.status).toBe(status);
  return now;
}

async function cancelledOrder(): Promise<OrderJson> {
  const order = await orderIn("AwaitingPayment");
  return orderOf(await api.cancel(order.id, "changed my mind"));
}

/** Delivers `event` and expects it refused for good with `reason`, having written nothing at all. */
async function expectDeadLettered(send: () => Promise<unknown>, reason: string): Promise<PermanentFailure> {
  const before = await snapshot(t.db);
  const failure = await send().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(PermanentFailure);
  expect((failure as PermanentFailure).reason).toBe(reason);
  // no inbox row either: replayed after a fix, it is handled as a first delivery
  expect(await snapshot(t.db)).toEqual(before);
  return failure as PermanentFailure;
}

/** Delivers `event`, expects it acknowledged with only its inbox row written, and a warning naming it. */
async function expectIgnoredWithWarning(send: () => Promise<unknown>, event: EventEnvelope, orderId: string) {
  const before = await snapshot(t.db);
  await send();
  const after = await snapshot(t.db);
  expect({ ...after, inbox: before.inbox }).toEqual(before);
  expect(after.inbox).toContainEqual(expect.objectContaining({ event_id: event.id }));
  expect(warnings).toContainEqual(
    expect.objectContaining({ level: 40, eventId: event.id, eventType: event.type, orderId }),
  );
}

/** Delivers the same event again: the inbox recognises it, nothing changes. */
async function expectRedeliveryIgnored(send: () => Promise<unknown>) {
  const before = await snapshot(t.db);
  await expect(send()).resolves.toBe("duplicate");
  expect(await snapshot(t.db)).toEqual(before);
}

describe("billing's PaymentSucceeded", () => {
  it("moves an order awaiting payment to Paid and publishes OrderPaid for shipping, in the event's correlation", async () => {
    const order = await orderIn("AwaitingPayment");
    const event = events.paymentSucceeded(
      order.id,
      { amount: "25.00", currency: "EUR" },
      {
        correlationId: `checkout-${newUuid()}`,
      },
    );
    await expect(fromBilling(event)).resolves.toBe("handled");

    const now = await expectConsistent(t, order.id);
    expect(now).toEqual({
      ...order,
      status: "Paid",
      version: order.version + 1,
      history: [...order.history, changedByEvent("Paid", event)],
    });
    const last = (await outboxRows(t.db, order.id)).at(-1)!.event;
    expect(last.type).toBe(OrderPaid.type);
    expect(last.data).toEqual({
      orderId: order.id,
      customerId: order.customerId,
      total: { amount: "25.00", currency: "EUR" },
      lines: [{ productId, quantity: 2, unitPrice: { amount: "12.50", currency: "EUR" } }],
      shippingAddress: order.shippingAddress,
    });
    expect(last).toMatchObject({ correlationid: event.correlationid, causationid: event.id });

    await expectRedeliveryIgnored(() => fromBilling(event));
    expect((await outboxTypes(t.db, order.id)).filter((type) => type === OrderPaid.type)).toHaveLength(1);
  });

  it("for a cancelled order: nothing to do (billing refunds on OrderCancelled), acknowledged with a warning", async () => {
    const order = await cancelledOrder();
    const event = paid(order.id);
    await expectIgnoredWithWarning(() => fromBilling(event), event, order.id);
    expect(await expectConsistent(t, order.id)).toEqual(order);
  });

  it.each([
    ["Pending", "order.not_awaiting_payment"],
    ["Confirmed", "order.not_awaiting_payment"],
    ["Paid", "order.not_awaiting_payment"],
    ["Shipped", "order.not_awaiting_payment"],
    ["Delivered", "order.not_awaiting_payment"],
  ] as const)("for an order that is %s: dead-lettered with reason %s", async (status, reason) => {
    const order = await orderIn(status);
    const failure = await expectDeadLettered(() => fromBilling(paid(order.id)), reason);
    expect(failure.message).toContain(status);
  });
});

describe("billing's PaymentFailed", () => {
  it("cancels an order awaiting payment (payment-failed), keeps the provider's reason, publishes OrderCancelled", async () => {
    const order = await orderIn("AwaitingPayment");
    const event = declined(order.id);
    await expect(fromBilling(event)).resolves.toBe("handled");

    const now = await expectConsistent(t, order.id);
    expect(now).toEqual({
      ...order,
      status: "Cancelled",
      cancellationReason: "payment failed: card declined",
      version: order.version + 1,
      history: [...order.history, changedByEvent("Cancelled", event, "payment-failed")],
    });
    const last = (await outboxRows(t.db, order.id)).at(-1)!.event;
    expect(last.type).toBe(OrderCancelled.type);
    expect(last.data).toEqual({ orderId: order.id, customerId: order.customerId, reason: "payment-failed" });
    expect(last.causationid).toBe(event.id);

    await expectRedeliveryIgnored(() => fromBilling(event));
  });

  it("for an order its customer cancelled meanwhile: nothing to do, acknowledged with a warning", async () => {
    const order = await cancelledOrder();
    const event = declined(order.id);
    await expectIgnoredWithWarning(() => fromBilling(event), event, order.id);
  });

  it.each(["Pending", "Confirmed", "Paid", "Shipped", "Delivered"] as const)(
    "for an order that is %s: dead-lettered with reason order.not_awaiting_payment",
    async (status) => {
      const order = await orderIn(status);
      await expectDeadLettered(() => fromBilling(declined(order.id)), "order.not_awaiting_payment");
    },
  );
});

describe("shipping's ShipmentDispatched", () => {
  it("moves a Paid order to Shipped, publishes OrderShipped; from then on the customer can no longer cancel", async () => {
    const order = await orderIn("Paid");
    const event = dispatched(order.id);
    await expect(fromShipping(event)).resolves.toBe("handled");

    const now = await expectConsistent(t, order.id);
    expect(now).toEqual({
      ...order,
      status: "Shipped",
      version: order.version + 1,
      history: [...order.history, changedByEvent("Shipped", event)],
    });
    const last = (await outboxRows(t.db, order.id)).at(-1)!.event;
    expect(last.type).toBe(OrderShipped.type);
    expect(last.data).toEqual({ orderId: order.id });
    await expectRedeliveryIgnored(() => fromShipping(event));

    expectProblem(await api.cancel(order.id, "too late"), 409, "order.already_shipped");
    expect((await expectConsistent(t, order.id)).status).toBe("Shipped");
  });

  it("for a cancelled order (a parcel left after the cancel): dead-lettered with reason order.already_cancelled", async () => {
    const order = await cancelledOrder();
    const failure = await expectDeadLettered(
      () => fromShipping(dispatched(order.id)),
      "order.already_cancelled",
    );
    expect(failure.message).toContain("Cancelled");
  });

  it.each(["Pending", "Confirmed", "AwaitingPayment"] as const)(
    "for an order that is %s (nothing ships unpaid): dead-lettered with reason order.not_paid",
    async (status) => {
      const order = await orderIn(status);
      await expectDeadLettered(() => fromShipping(dispatched(order.id)), "order.not_paid");
    },
  );

  it.each(["Shipped", "Delivered"] as const)(
    "another dispatch notice for an order already %s: acknowledged with a warning, nothing changes",
    async (status) => {
      const order = await orderIn(status);
      const event = dispatched(order.id);
      await expectIgnoredWithWarning(() => fromShipping(event), event, order.id);
    },
  );
});

describe("shipping's ShipmentDelivered", () => {
  it("moves a Shipped order to Delivered and publishes OrderDelivered", async () => {
    const order = await orderIn("Shipped");
    const event = delivered(order.id);
    await expect(fromShipping(event)).resolves.toBe("handled");

    const now = await expectConsistent(t, order.id);
    expect(now).toEqual({
      ...order,
      status: "Delivered",
      version: order.version + 1,
      history: [...order.history, changedByEvent("Delivered", event)],
    });
    const last = (await outboxRows(t.db, order.id)).at(-1)!.event;
    expect(last.type).toBe(OrderDelivered.type);
    expect(last.data).toEqual({ orderId: order.id });
    await expectRedeliveryIgnored(() => fromShipping(event));
    expectProblem(await api.cancel(order.id, "too late"), 409, "order.already_shipped");
  });

  it("before its dispatch notice was handled: the delivery fails (retried later), then goes through", async () => {
    const order = await orderIn("Paid");
    const early = delivered(order.id);
    const before = await snapshot(t.db);
    const failure = await fromShipping(early).then(
      () => undefined,
      (error: unknown) => error,
    );
    // not a PermanentFailure: the bus retries it with backoff
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentFailure);
    expect((failure as Error).name).toBe("EventAheadOfOrder");
    expect(await snapshot(t.db)).toEqual(before);

    const dispatch = dispatched(order.id);
    await fromShipping(dispatch);
    await expect(fromShipping(early)).resolves.toBe("handled"); // the retry
    expect((await expectConsistent(t, order.id)).history.slice(-2)).toEqual([
      changedByEvent("Shipped", dispatch),
      changedByEvent("Delivered", early),
    ]);
  });

  it("for a cancelled order: dead-lettered with reason order.already_cancelled", async () => {
    const order = await cancelledOrder();
    await expectDeadLettered(() => fromShipping(delivered(order.id)), "order.already_cancelled");
  });

  it.each(["Pending", "Confirmed", "AwaitingPayment"] as const)(
    "for an order that is %s: dead-lettered with reason order.not_shipped",
    async (status) => {
      const order = await orderIn(status);
      await expectDeadLettered(() => fromShipping(delivered(order.id)), "order.not_shipped");
    },
  );

  it("another delivery notice for a Delivered order: acknowledged with a warning", async () => {
    const order = await orderIn("Delivered");
    const event = delivered(order.id);
    await expectIgnoredWithWarning(() => fromShipping(event), event, order.id);
  });
});

describe("an event about an order ordering does not know", () => {
  it.each([
    [BILLING_SUBSCRIPTION, PaymentSucceeded.type, (id: string) => paid(id)],
    [BILLING_SUBSCRIPTION, PaymentFailed.type, (id: string) => declined(id)],
    [SHIPPING_SUBSCRIPTION, ShipmentDispatched.type, (id: string) => dispatched(id)],
    [SHIPPING_SUBSCRIPTION, ShipmentDelivered.type, (id: string) => delivered(id)],
  ])("%s %s: dead-lettered with reason order.not_found", async (subscription, _type, build) => {
    await expectDeadLettered(() => deliver(t.handleEvent, subscription, build(newUuid())), "order.not_found");
  });
});

describe("the history in GET /orders/{id}", () => {
  it("shows every status change of a whole lifecycle, with its time and the command or event that caused it", async () => {
    const customerId = await seed.customer();
    const placing = await api.place({ customerId, lines: [line(productId, 2)] });
    const order = orderOf(placing, 201);
    const confirming = await api.confirm(order.id);
    const reserved = events.stockReserved(order.id, [{ productId, quantity: 2 }]);
    await seed.fromCatalog(reserved);
    const payment = paid(order.id);
    await fromBilling(payment);
    const dispatch = dispatched(order.id);
    await fromShipping(dispatch);
    const delivery = delivered(order.id);
    await fromShipping(delivery);

    const now = orderOf(await api.get(order.id));
    expect(now.status).toBe("Delivered");
    expect(now.history).toEqual([
      changedByCommand("Pending", placing, "PlaceOrder"),
      changedByCommand("Confirmed", confirming, "ConfirmOrder"),
      changedByEvent("AwaitingPayment", reserved),
      changedByEvent("Paid", payment),
      changedByEvent("Shipped", dispatch),
      changedByEvent("Delivered", delivery),
    ]);
    const times = now.history.map((h) => Date.parse(h.at));
    expect(times.every(Number.isFinite)).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(now.history[0]!.at).toBe(now.orderDate);
  });

  it("a cancellation shows its cause: out of stock, by catalog's event", async () => {
    const placed = await api.placed([line(productId, 2)]);
    orderOf(await api.confirm(placed.id));
    const short = events.stockReservationFailed(placed.id, [{ productId, requested: 2, available: 0 }]);
    await seed.fromCatalog(short);
    const now = await expectConsistent(t, placed.id);
    expect(now.history.at(-1)).toEqual(changedByEvent("Cancelled", short, "out-of-stock"));
  });

  it("an order forced into a status by a test keeps the history it had (no entry is invented)", async () => {
    const placed = await api.placed([line(productId, 1)]);
    await forceStatus(t.db, placed.id, "Paid");
    expect((await expectConsistent(t, placed.id)).history).toEqual(placed.history);
  });
});
