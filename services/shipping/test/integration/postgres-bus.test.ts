import {
  type EventEnvelope,
  parseEvent,
  ShipmentCreated,
  ShipmentDelivered,
  ShipmentDispatched,
  subscriptionNamed,
} from "@ecommerce/contracts";
import {
  busConfigFromEnv,
  type ConsumeOutcome,
  createEventBus,
  type EventBus,
  OutboxRelay,
} from "@ecommerce/messaging";
import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShippingErrors } from "../../src/domain/errors.ts";
import {
  type ShippingEventHandler,
  subscribeShipping,
} from "../../src/infrastructure/event-subscriptions.ts";
import { address, line, ORDERING_SUBSCRIPTION, orderCancelled, orderPaid } from "../support/events.ts";
import {
  countShipments,
  newUuid,
  type ShipmentJson,
  type ShippingApi,
  shipmentOf,
  shippingApi,
} from "../support/shipping-api.ts";
import { createShippingTestApp, type ShippingTestApp } from "../support/shipping-test-app.ts";

// Shipping on the real postgres transport (pg-boss on its own bus database), wired as main.ts wires
// it: subscribeShipping feeds ordering's events to the consumers, and the OutboxRelay publishes
// shipping's outbox. The test plays ordering (it publishes OrderPaid and OrderCancelled) and
// catalog and ordering downstream (it subscribes to shipping's topic as they do).

const CATALOG = subscriptionNamed("shipping.catalog").name;
const ORDERING = subscriptionNamed("shipping.ordering").name;

let t: ShippingTestApp;
let busDatabase: TestDatabase;
let bus: EventBus;
let relay: OutboxRelay;
let api: ShippingApi;
const received: Record<string, EventEnvelope[]> = { [CATALOG]: [], [ORDERING]: [] };
/** Each delivery's outcome by event id, as shipping's consumer answered it. */
const outcomes = new Map<string, ConsumeOutcome[]>();
/** Events whose first handling "loses its acknowledgement" (fails after the commit), so the bus redelivers them. */
const loseAckOnce = new Set<string>();

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  [t, busDatabase] = await Promise.all([
    createShippingTestApp(),
    createTestDatabase({ prefix: "shipping_bus" }),
  ]);
  api = shippingApi(t);
  bus = createEventBus(
    busConfigFromEnv({
      BUS_DATABASE_URL: busDatabase.url,
      BUS_POLL_INTERVAL_SECONDS: "0.5",
      BUS_RETRY_DELAY_SECONDS: "0",
      BUS_MAX_DELIVERIES: "3",
    }),
    t.logger,
  );
  await bus.start();
  for (const subscription of [CATALOG, ORDERING])
    await bus.subscribe(subscription, async (event) => void received[subscription]!.push(event));
  // The app's own consumers, observed: each outcome is recorded, and a chosen event's first
  // acknowledgement is lost after its transaction committed, as when a process dies at that moment.
  const observed: ShippingEventHandler = Object.assign(
    async (subscription: string, body: unknown, delivery?: object) => {
      const outcome = await t.handleEvent(subscription, body, delivery);
      const id = (body as { id: string }).id;
      outcomes.set(id, [...(outcomes.get(id) ?? []), outcome]);
      if (loseAckOnce.delete(id)) throw new Error("the acknowledgement was lost");
      return outcome;
    },
    { subscriptions: t.handleEvent.subscriptions },
  );
  expect(await subscribeShipping(bus, observed)).toEqual([ORDERING_SUBSCRIPTION]);
  relay = new OutboxRelay({ databaseUrl: t.database.url, bus, logger: t.logger });
  await relay.start();
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await bus?.stop();
  await t?.close();
  await busDatabase?.drop();
});

const shipmentOfOrder = (orderId: string) =>
  waitFor(`the shipment of order ${orderId}`, async () => {
    const res = await api.list({ orderId });
    return res.json<{ items: ShipmentJson[] }>().items[0];
  });

const deadLetter = (eventId: string) =>
  waitFor(`event ${eventId} in the dead letters`, async () =>
    (await bus.deadLetters(ORDERING_SUBSCRIPTION)).find((l) => l.event.id === eventId),
  );

describe("shipping on the postgres transport", () => {
  it("OrderPaid redelivered after a lost acknowledgement creates one shipment; ShipmentCreated is relayed; dispatch and delivery reach catalog and ordering", async () => {
    const orderId = newUuid();
    const lines = [line(3), line(1)];
    const paid = orderPaid(orderId, lines);
    loseAckOnce.add(paid.id);
    await bus.publish([paid]);
    // A re-published event already queued is ignored (job id = event id): only the redelivery counts.
    await bus.publish([paid]);
    await waitFor("both deliveries of OrderPaid", () =>
      outcomes.get(paid.id)?.length === 2 ? outcomes.get(paid.id) : undefined,
    );
    expect(outcomes.get(paid.id)).toEqual(["handled", "duplicate"]);
    const created = await shipmentOfOrder(orderId);
    expect(await countShipments(t.db, orderId)).toBe(1);
    expect(created).toMatchObject({ status: "Pending", lines, address: address() });

    const relayed = await waitFor("ShipmentCreated relayed from the outbox", async () => {
      const rows = await t.db.$queryRawUnsafe<{ envelope: unknown }[]>(
        "SELECT envelope FROM messaging_outbox WHERE subject = $1 AND sent_at IS NOT NULL",
        created.id,
      );
      return rows.length > 0 ? rows.map((r) => parseEvent(r.envelope)) : undefined;
    });
    expect(relayed.map((e) => e.type)).toEqual([ShipmentCreated.type]);
    // in the order's correlation, caused by OrderPaid
    expect(relayed[0]).toMatchObject({ correlationid: paid.correlationid, causationid: paid.id });

    shipmentOf(await api.dispatch(created.id, { carrier: "DHL", trackingNumber: "BUS-1" }));
    const [forCatalog] = await waitFor("ShipmentDispatched on shipping.catalog", () => {
      const mine = received[CATALOG]!.filter((e) => e.subject === created.id);
      return mine.length > 0 ? mine : undefined;
    });
    const dispatched = parseEvent(JSON.stringify(forCatalog));
    expect(dispatched.type).toBe(ShipmentDispatched.type);
    expect(dispatched.data).toEqual({ shipmentId: created.id, orderId, lines });

    shipmentOf(await api.deliver(created.id));
    const forOrdering = await waitFor("ShipmentDispatched and ShipmentDelivered on shipping.ordering", () => {
      const mine = received[ORDERING]!.filter((e) => e.subject === created.id);
      return mine.length >= 2 ? mine : undefined;
    });
    expect(forOrdering.map((e) => e.type)).toEqual([ShipmentDispatched.type, ShipmentDelivered.type]);
  });

  it("OrderCancelled before dispatch cancels the shipment", async () => {
    const orderId = newUuid();
    await bus.publish([orderPaid(orderId)]);
    const created = await shipmentOfOrder(orderId);
    await bus.publish([orderCancelled(orderId)]);
    const cancelled = await waitFor("the shipment to be cancelled", async () => {
      const shipment = shipmentOf(await api.get(created.id));
      return shipment.status === "Cancelled" ? shipment : undefined;
    });
    expect(cancelled.history.map((h) => h.status)).toEqual(["Pending", "Cancelled"]);
  });

  it("OrderCancelled after dispatch is dead-lettered at once with the code as the reason; the shipment stays Dispatched", async () => {
    const orderId = newUuid();
    await bus.publish([orderPaid(orderId)]);
    const created = await shipmentOfOrder(orderId);
    const dispatched = shipmentOf(
      await api.dispatch(created.id, { carrier: "DHL", trackingNumber: "BUS-2" }),
    );
    const cancelled = orderCancelled(orderId);
    await bus.publish([cancelled]);
    const letter = await deadLetter(cancelled.id);
    expect(letter).toMatchObject({ reason: ShippingErrors.ALREADY_DISPATCHED, deliveryCount: 1 });
    expect(letter.event).toEqual(cancelled);
    expect(letter.description).toContain(created.id);
    expect(shipmentOf(await api.get(created.id))).toEqual(dispatched);
  });

  it("OrderPaid without a shipping address is dead-lettered with the code as the reason; no shipment", async () => {
    const orderId = newUuid();
    const paid = orderPaid(orderId, [line()], null);
    await bus.publish([paid]);
    const letter = await deadLetter(paid.id);
    expect(letter).toMatchObject({ reason: ShippingErrors.ADDRESS_MISSING, deliveryCount: 1 });
    expect(await countShipments(t.db, orderId)).toBe(0);
  });
});
