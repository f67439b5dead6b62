import {
  type EventEnvelope,
  OrderAwaitingPayment,
  OrderCancelled,
  OrderConfirmed,
  OrderPaid,
  parseEvent,
} from "@ecommerce/contracts";
import {
  busConfigFromEnv,
  type ConsumeOutcome,
  createEventBus,
  type EventBus,
  OutboxRelay,
} from "@ecommerce/messaging";
import { createTestDatabase, type TestDatabase, waitFor } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OrderingEventHandler,
  subscribeToIntegrationEvents,
} from "../../src/infrastructure/event-subscriptions.ts";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import { line, newUuid, type OrderJson, orderOf, ordersApi } from "../support/orders-api.ts";
import { outboxRows } from "../support/outbox.ts";
import {
  address,
  BILLING_SUBSCRIPTION,
  events,
  type Replicas,
  replicas,
  SHIPPING_SUBSCRIPTION,
} from "../support/replicas.ts";

// Ordering on the real postgres transport (pg-boss on its own bus database), wired as main.ts wires
// it: the OutboxRelay publishes ordering's outbox, and subscribeToIntegrationEvents feeds the other
// contexts' events to the mediator. The test plays catalog, billing and shipping: it subscribes as
// they do and publishes what they would.

let t: OrderingTestApp;
let busDatabase: TestDatabase;
let bus: EventBus;
let relay: OutboxRelay;
let seed: Replicas;
let api: ReturnType<typeof ordersApi>;
/** What reached the subscriptions the test consumes, in delivery order. */
const received = {
  "ordering.catalog": [] as EventEnvelope[],
  "ordering.billing": [] as EventEnvelope[],
  "ordering.shipping": [] as EventEnvelope[],
};
/** What ordering's consumers answered for each event the bus delivered to them, in order. */
const outcomes: { eventId: string; outcome: ConsumeOutcome }[] = [];
/** Events whose first handling commits but whose acknowledgement is then lost (a crash just after). */
const loseAckOnce = new Set<string>();

/** Ordering's consumers as main.ts subscribes them, noting each delivery's outcome. */
function noting(handle: OrderingEventHandler): OrderingEventHandler {
  const noted = async (...args: Parameters<OrderingEventHandler>) => {
    const eventId = (args[1] as EventEnvelope).id;
    const outcome = await handle(...args);
    outcomes.push({ eventId, outcome });
    if (loseAckOnce.delete(eventId)) throw new Error("the process died before acknowledging");
    return outcome;
  };
  return Object.assign(noted, { subscriptions: handle.subscriptions });
}

beforeAll(async () => {
  [t, busDatabase] = await Promise.all([
    createOrderingTestApp(),
    createTestDatabase({ prefix: "ordering_bus" }),
  ]);
  api = ordersApi(t);
  seed = replicas(t);
  const config = busConfigFromEnv({
    BUS_DATABASE_URL: busDatabase.url,
    BUS_POLL_INTERVAL_SECONDS: "0.5",
    BUS_RETRY_DELAY_SECONDS: "0",
    BUS_MAX_DELIVERIES: "3",
  });
  bus = createEventBus(config, t.logger);
  await bus.start();
  for (const subscription of ["ordering.catalog", "ordering.billing", "ordering.shipping"] as const) {
    await bus.subscribe(subscription, async (event) => {
      received[subscription].push(event);
    });
  }
  await subscribeToIntegrationEvents(bus, noting(t.handleEvent));
  relay = new OutboxRelay({ databaseUrl: t.database.url, bus, logger: t.logger });
  await relay.start();
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await bus?.stop();
  await t?.close();
  await busDatabase?.drop();
});

const of = (subscription: keyof typeof received, orderId: string) =>
  received[subscription].filter((e) => e.subject === orderId);

async function orderWhen(id: string, status: OrderJson["status"]): Promise<OrderJson> {
  return waitFor(`order ${id} to be ${status}`, async () => {
    const res = await api.get(id);
    return res.statusCode === 200 && res.json<OrderJson>().status === status
      ? res.json<OrderJson>()
      : undefined;
  });
}

describe("ordering on the postgres transport", () => {
  it("publishes OrderConfirmed through outbox and relay; catalog's subscription receives a valid envelope", async () => {
    const customerId = await seed.customer({ defaultShippingAddress: address({ city: "Delft" }) });
    const [p1, p2] = (await seed.products(["12.50", "0.10"])) as [string, string];
    const placed = orderOf(await api.place({ customerId, lines: [line(p1, 2), line(p2, 3)] }), 201);
    const correlationId = `checkout-${newUuid()}`;
    const confirm = await api.confirm(placed.id, { "x-correlation-id": correlationId });
    orderOf(confirm);

    const [delivered] = await waitFor("OrderConfirmed on ordering.catalog", () =>
      of("ordering.catalog", placed.id).length > 0 ? of("ordering.catalog", placed.id) : undefined,
    );
    // the envelope survives the trip as valid CloudEvents of the published language
    const event = parseEvent(JSON.stringify(delivered));
    expect(event.type).toBe(OrderConfirmed.type);
    expect(event).toMatchObject({
      specversion: "1.0",
      source: "/ordering",
      subject: placed.id,
      correlationid: correlationId,
      causationid: confirm.headers["x-request-id"],
    });
    expect(event.data).toEqual({
      orderId: placed.id,
      customerId,
      lines: [
        { productId: p1, quantity: 2, unitPrice: { amount: "12.50", currency: "EUR" } },
        { productId: p2, quantity: 3, unitPrice: { amount: "0.10", currency: "EUR" } },
      ],
      total: { amount: "25.30", currency: "EUR" },
      shippingAddress: address({ city: "Delft" }),
    });
    // it is the very row ordering wrote, and the relay marked it sent
    const rows = await waitFor("the outbox rows to be marked sent", async () => {
      const all = await outboxRows(t.db, placed.id);
      return all.every((r) => r.sent) ? all : undefined;
    });
    expect(rows.find((r) => r.event.type === OrderConfirmed.type)?.event).toEqual(event);

    // catalog takes OrderConfirmed and OrderCancelled only, in order per order: after a cancel it
    // has exactly those two for this order (an OrderPlaced would have arrived before them)
    orderOf(await api.cancel(placed.id, "changed my mind"));
    const both = await waitFor("OrderCancelled on ordering.catalog", () =>
      of("ordering.catalog", placed.id).length >= 2 ? of("ordering.catalog", placed.id) : undefined,
    );
    expect(both.map((e) => e.type)).toEqual([OrderConfirmed.type, OrderCancelled.type]);
    expect(both[1]?.data).toEqual({ orderId: placed.id, customerId, reason: "customer-request" });
  });

  it("learns a buyer and a price from the bus, places an order with them, and answers catalog's StockReserved", async () => {
    // what customer's and catalog's relays would publish
    const customerId = newUuid();
    const productId = newUuid();
    const registered = events.customerRegistered(customerId, { name: "Edsger Dijkstra" });
    const created = events.productCreated(productId, { amount: "42.00", currency: "EUR" }, { sku: "GOTO-1" });
    await bus.publish([registered, created]);
    await waitFor("the buyer and the product in ordering's replicas", async () => {
      const rows = await t.db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM buyers WHERE customer_id = $1::uuid)
              + (SELECT count(*) FROM catalog_products WHERE product_id = $2::uuid) AS n`,
        customerId,
        productId,
      );
      return Number(rows[0]?.n) === 2;
    });

    const placed = orderOf(await api.place({ customerId, lines: [line(productId, 2)] }), 201);
    expect(placed.total).toEqual({ amount: "84.00", currency: "EUR" });
    expect(placed.shippingAddress).toEqual(address({ recipient: "Edsger Dijkstra" }));
    orderOf(await api.confirm(placed.id));
    const [confirmed] = await waitFor("OrderConfirmed on ordering.catalog", () =>
      of("ordering.catalog", placed.id).length > 0 ? of("ordering.catalog", placed.id) : undefined,
    );

    // catalog reserves the stock, in the confirmed order's correlation
    const reserved = events.stockReserved(placed.id, [{ productId, quantity: 2 }], {
      correlationId: confirmed!.correlationid,
      causationId: confirmed!.id,
    });
    await bus.publish([reserved]);
    const awaiting = await orderWhen(placed.id, "AwaitingPayment");
    expect(awaiting.version).toBe(3);

    // billing hears of it, still in the same correlation, caused by catalog's event
    const [forBilling] = await waitFor("OrderAwaitingPayment on ordering.billing", () =>
      of("ordering.billing", placed.id).length > 0 ? of("ordering.billing", placed.id) : undefined,
    );
    const event = parseEvent(JSON.stringify(forBilling));
    expect(event.type).toBe(OrderAwaitingPayment.type);
    expect(event.data).toEqual({
      orderId: placed.id,
      customerId,
      total: { amount: "84.00", currency: "EUR" },
      lines: [{ productId, quantity: 2, unitPrice: { amount: "42.00", currency: "EUR" } }],
      shippingAddress: address({ recipient: "Edsger Dijkstra" }),
      paymentMethod: { token: "tok_ok" },
    });
    expect(event).toMatchObject({ correlationid: confirmed!.correlationid, causationid: reserved.id });

    // the inbox recorded each event once on its subscription
    const inbox = await t.db.$queryRawUnsafe<{ subscription: string; event_id: string }[]>(
      "SELECT subscription, event_id::text FROM messaging_inbox WHERE event_id = ANY($1::uuid[]) ORDER BY subscription, event_id",
      [registered.id, created.id, reserved.id],
    );
    expect(inbox).toEqual(
      [
        { subscription: "customer.ordering", event_id: registered.id },
        { subscription: "catalog.ordering", event_id: created.id },
        { subscription: "catalog.ordering", event_id: reserved.id },
      ].sort((a, b) => a.subscription.localeCompare(b.subscription) || a.event_id.localeCompare(b.event_id)),
    );
  });

  it("takes an order from payment to delivery on billing's and shipping's events; a redelivered payment changes nothing", async () => {
    const customerId = await seed.customer();
    const productId = await seed.product("12.50");
    const placed = orderOf(
      await api.place({ customerId, lines: [line(productId, 2)], paymentMethod: { token: "tok_transient" } }),
      201,
    );
    orderOf(await api.confirm(placed.id));
    await bus.publish([events.stockReserved(placed.id, [{ productId, quantity: 2 }])]);
    await orderWhen(placed.id, "AwaitingPayment");
    const [forBilling] = await waitFor("OrderAwaitingPayment on ordering.billing", () =>
      of("ordering.billing", placed.id).length > 0 ? of("ordering.billing", placed.id) : undefined,
    );
    expect(forBilling?.data).toMatchObject({ paymentMethod: { token: "tok_transient" } });

    // billing's outcome, delivered twice: its first handling commits, then its acknowledgement is
    // lost, so the bus delivers it again; the inbox recognises it and nothing happens twice
    const payment = events.paymentSucceeded(placed.id, { amount: "25.00", currency: "EUR" });
    loseAckOnce.add(payment.id);
    await bus.publish([payment]);
    await waitFor("the redelivered payment to be recognised by the inbox", () =>
      outcomes.some((o) => o.eventId === payment.id && o.outcome === "duplicate"),
    );
    const paidOrder = await orderWhen(placed.id, "Paid");
    expect(paidOrder.version).toBe(placed.version + 3);
    expect(outcomes.filter((o) => o.eventId === payment.id).map((o) => o.outcome)).toEqual([
      "handled",
      "duplicate",
    ]);
    expect((await api.get(placed.id)).json<OrderJson>()).toEqual(paidOrder);

    // shipping hears of the paid order, once, with what it ships and where
    const [forShipping] = await waitFor("OrderPaid on ordering.shipping", () =>
      of("ordering.shipping", placed.id).length > 0 ? of("ordering.shipping", placed.id) : undefined,
    );
    expect(forShipping?.type).toBe(OrderPaid.type);
    expect(forShipping?.data).toMatchObject({ orderId: placed.id, customerId, total: placed.total });

    await bus.publish([events.shipmentDispatched(placed.id, [{ productId, quantity: 2 }])]);
    await orderWhen(placed.id, "Shipped");
    await bus.publish([events.shipmentDelivered(placed.id)]);
    const done = await orderWhen(placed.id, "Delivered");
    expect(done.history.map((h) => h.status)).toEqual([
      "Pending",
      "Confirmed",
      "AwaitingPayment",
      "Paid",
      "Shipped",
      "Delivered",
    ]);
    expect(done.history[3]?.causedBy).toEqual({ kind: "event", type: payment.type, id: payment.id });
    expect(of("ordering.shipping", placed.id).map((e) => e.type)).toEqual([OrderPaid.type]);
  });

  it("dead-letters at once, with the aggregate's code as reason, an event the order's status refuses", async () => {
    const customerId = await seed.customer();
    const productId = await seed.product("3.00");
    const cancelled = await api.placed([line(productId, 1)], customerId);
    orderOf(await api.cancel(cancelled.id, "changed my mind"));
    const pending = await api.placed([line(productId, 1)], customerId);
    const cancelledNow = (await api.get(cancelled.id)).json<OrderJson>();

    // a parcel left for a cancelled order; a payment for an order never confirmed
    const parcel = events.shipmentDispatched(cancelled.id, [{ productId, quantity: 1 }]);
    const payment = events.paymentSucceeded(pending.id, { amount: "3.00", currency: "EUR" });
    await bus.publish([parcel, payment]);

    const letterOf = async (subscription: string, eventId: string) =>
      (await bus.deadLetters(subscription)).find((letter) => letter.event.id === eventId);
    const [forShipping, forBilling] = await waitFor("both events in their dead-letter queues", async () => {
      const letters = await Promise.all([
        letterOf(SHIPPING_SUBSCRIPTION, parcel.id),
        letterOf(BILLING_SUBSCRIPTION, payment.id),
      ]);
      return letters.every(Boolean) ? letters : undefined;
    });
    // after one delivery (a refusal cannot pass on a retry), with the reason an operator acts on
    expect(forShipping).toMatchObject({ reason: "order.already_cancelled", deliveryCount: 1 });
    expect(forShipping?.event).toEqual(parcel);
    expect(forShipping?.description).toContain("Cancelled");
    expect(forBilling).toMatchObject({ reason: "order.not_awaiting_payment", deliveryCount: 1 });
    expect(forBilling?.description).toContain("Pending");

    // neither order changed, and no inbox row: a replay after a fix is a first delivery
    expect((await api.get(cancelled.id)).json<OrderJson>()).toEqual(cancelledNow);
    expect((await api.get(pending.id)).json<OrderJson>()).toEqual(pending);
    const inbox = await t.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM messaging_inbox WHERE event_id = ANY($1::uuid[])",
      [parcel.id, payment.id],
    );
    expect(inbox).toEqual([{ n: 0 }]);
  });
});
