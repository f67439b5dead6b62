import { createEvent, OrderPlaced, type Topology, topology } from "@ecommerce/contracts";
import { busConfigFromEnv, createEventBus, DeadLetterReasons, type EventBus } from "@ecommerce/messaging";
import { auditRows, createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeCatalog } from "../../src/infrastructure/event-subscriptions.ts";
import { catalogApi, countRows, newUuid, outboxEvents } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import { ORDERING_SUBSCRIPTION, orderConfirmed } from "../support/events.ts";

// Catalog on the real postgres transport (pg-boss), subscribed as main.ts subscribes it. The bus
// runs a newer topology that also routes OrderPlaced to catalog's subscription, as a publisher's
// upgrade could: catalog has no handler for it, so it must be dead-lettered with the reason (it
// used to be acknowledged and lost), while the types it handles are handled once.

let t: CatalogTestApp;
let busDatabase: TestDatabase;
let bus: EventBus;
let api: ReturnType<typeof catalogApi>;

const newerTopology: Topology = {
  ...topology,
  subscriptions: topology.subscriptions.map((s) =>
    s.name === ORDERING_SUBSCRIPTION ? { ...s, eventTypes: [...s.eventTypes, OrderPlaced.type] } : s,
  ),
};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  [t, busDatabase] = await Promise.all([
    createCatalogTestApp(),
    createTestDatabase({ prefix: "catalog_bus" }),
  ]);
  api = catalogApi(t);
  const config = busConfigFromEnv({
    BUS_DATABASE_URL: busDatabase.url,
    BUS_POLL_INTERVAL_SECONDS: "0.5",
    BUS_RETRY_DELAY_SECONDS: "0",
    BUS_MAX_DELIVERIES: "3",
  });
  bus = createEventBus(config, pino({ level: "silent" }), { topology: newerTopology });
  await bus.start();
  await subscribeCatalog(bus, t.handleEvent);
}, 60_000);

afterAll(async () => {
  await bus?.stop();
  await t?.close();
  await busDatabase?.drop();
});

describe("catalog on the postgres bus", () => {
  it("dead-letters at once, with the reason, an event type routed to it that it has no handler for", async () => {
    const placed = createEvent(
      OrderPlaced,
      { orderId: newUuid(), customerId: newUuid() },
      { correlationId: newUuid() },
    );
    const inboxBefore = await countRows(t.db, "messaging_inbox");
    await bus.publish([placed]);
    const letter = await waitFor("the dead letter", async () =>
      (await bus.deadLetters(ORDERING_SUBSCRIPTION)).find((l) => l.event.id === placed.id),
    );
    expect(letter).toMatchObject({ reason: DeadLetterReasons.unhandledEventType, deliveryCount: 1 });
    expect(letter.description).toContain(OrderPlaced.type);
    expect(await countRows(t.db, "messaging_inbox")).toBe(inboxBefore);
  });

  it("handles OrderConfirmed through the pipeline; the StockReserved it causes carries the reservation's version", async () => {
    const product = await api.product({ initialStock: 5 });
    const orderId = newUuid();
    const event = orderConfirmed(orderId, [{ productId: product.id, quantity: 2 }]);
    await bus.publish([event]);
    await waitFor("the reservation", async () =>
      (await api.stock(product.id)).reserved === 2 ? true : undefined,
    );
    expect(await api.stock(product.id)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(
      (await auditRows(t.db, { correlationId: event.correlationid })).map((e) => [
        e.command,
        e.actor.subject,
        e.outcome,
      ]),
    ).toEqual([
      [`HandleIntegrationEvent(${event.type})`, "event:ordering", "succeeded"],
      ["ReserveStock", "event:ordering", "succeeded"],
    ]);
    const reserved = (await outboxEvents(t.db)).filter((e) => e.subject === orderId);
    expect(reserved.map((e) => [e.type, e.sequence])).toEqual([["ecommerce.catalog.stock-reserved.v1", 1]]);
  });
});
