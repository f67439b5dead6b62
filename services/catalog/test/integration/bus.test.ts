import { StockReserved, subscriptionsOf } from "@ecommerce/contracts";
import { OutboxRelay } from "@ecommerce/messaging";
import { InMemoryBroker, InMemoryEventBus } from "@ecommerce/messaging/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeCatalog } from "../../src/infrastructure/event-subscriptions.ts";
import { catalogApi, newUuid } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import { orderConfirmed, SHIPPING_SUBSCRIPTION, shipmentDispatched } from "../support/events.ts";

// The wiring main.ts does: catalog's subscriptions from the topology, and its outbox relayed to the bus.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let bus: InMemoryEventBus;
let subscribed: string[];
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  bus = new InMemoryEventBus(new InMemoryBroker({ maxDeliveries: 2 }));
  await bus.start();
  subscribed = await subscribeCatalog(bus, t.handleEvent);
});
afterAll(async () => {
  await bus.stop();
  await t.close();
});

describe("catalog on the bus", () => {
  it("subscribes to every subscription the topology declares for it", () => {
    expect(subscribed.sort()).toEqual(
      subscriptionsOf("catalog")
        .map((s) => s.name)
        .sort(),
    );
  });

  it("reserves stock for an OrderConfirmed published by ordering, once even when it is published twice", async () => {
    const product = await api.product({ initialStock: 5 });
    const event = orderConfirmed(newUuid(), [{ productId: product.id, quantity: 2 }]);
    await bus.publish([event]);
    await bus.publish([event]);
    await bus.idle();
    expect(await api.stock(product.id)).toEqual({ onHand: 5, reserved: 2, available: 3 });
  });

  it("dead-letters a ShipmentDispatched for an order it never reserved, with the reason", async () => {
    const event = shipmentDispatched(newUuid(), [{ productId: newUuid(), quantity: 1 }]);
    await bus.publish([event]);
    await bus.idle();
    const dead = await bus.deadLetters(SHIPPING_SUBSCRIPTION);
    expect(dead.map((d) => [d.event.id, d.reason])).toEqual([[event.id, "reservation.not_found"]]);
  });

  it("relays its outbox to the bus: the StockReserved it wrote is published and marked sent", async () => {
    const product = await api.product({ initialStock: 5 });
    const orderId = newUuid();
    await t.handleEvent(
      "ordering.catalog",
      orderConfirmed(orderId, [{ productId: product.id, quantity: 1 }]),
    );
    const relay = new OutboxRelay({ databaseUrl: t.database.url, bus, logger: pino({ level: "silent" }) });
    try {
      let published = 0;
      for (let batch = await relay.relayOnce(); batch.published > 0; batch = await relay.relayOnce()) {
        published += batch.published;
      }
      expect(published).toBeGreaterThan(0);
    } finally {
      await relay.stop();
    }
    const reserved = bus.published.filter((e) => e.type === StockReserved.type && e.subject === orderId);
    expect(reserved).toHaveLength(1);
    const [unsent] = await t.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM messaging_outbox WHERE sent_at IS NULL",
    );
    expect(unsent?.n).toBe(0);
  });
});
