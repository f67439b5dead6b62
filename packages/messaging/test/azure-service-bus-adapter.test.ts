import { randomUUID } from "node:crypto";
import { type Topology, topology } from "@ecommerce/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { busEntitiesOf } from "../src/bus-entities.ts";
import type { EventBus } from "../src/event-bus.ts";
import { PermanentFailure } from "../src/permanent-failure.ts";
import { envelopeOf, toServiceBusMessage } from "../src/transports/azure/azure-message-mapping.ts";
import { provisionTopology } from "../src/transports/azure/azure-provisioning.ts";
import {
  AzureServiceBusEventBus,
  LOCK_RENEWAL_MS,
} from "../src/transports/azure/azure-service-bus-transport.ts";
import { fakeAzure, fakeClock, fastRetry } from "./support/azure-bus.ts";
import { eventBusContract } from "./support/event-bus-contract.ts";
import { orderCancelled, orderConfirmed } from "./support/events.ts";
import { FakeServiceBusNamespace } from "./support/fake-service-bus.ts";
import { testLogger } from "./support/test-logger.ts";
import { waitFor } from "./support/wait-for.ts";

// The whole contract, through the adapter, against the SDK's client interfaces. What this cannot
// show (the real broker's behaviour) is what the emulator run is for.
eventBusContract({
  name: "azure-service-bus adapter over the SDK's client interfaces (in-memory namespace)",
  maxDeliveries: 3,
  async namespace() {
    const azure = await fakeAzure();
    const buses: EventBus[] = [];
    return {
      async createBus() {
        const bus = azure.createBus();
        buses.push(bus);
        return bus;
      },
      async teardown() {
        await Promise.all(buses.map((bus) => bus.stop()));
      },
    };
  },
});

describe("azure-service-bus adapter", () => {
  const buses: EventBus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.stop()));
  });

  async function setUp(options: Parameters<typeof fakeAzure>[0] = {}) {
    const azure = await fakeAzure(options);
    const bus = azure.createBus();
    buses.push(bus);
    return { ...azure, bus };
  }

  const settlementsOf = (namespace: FakeServiceBusNamespace, messageId: string) =>
    namespace.settlements.filter((s) => s.messageId === messageId).map((s) => s.kind);

  it("maps an envelope onto the message: id, subject, session, correlation, trace", () => {
    const event = {
      ...orderConfirmed(randomUUID(), "req-1"),
      causationid: "cmd-9",
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    };
    const message = toServiceBusMessage(event);
    expect(message).toMatchObject({
      messageId: event.id,
      subject: "ecommerce.ordering.order-confirmed.v1",
      sessionId: event.subject,
      correlationId: "req-1",
      contentType: "application/cloudevents+json; charset=utf-8",
      applicationProperties: {
        traceparent: event.traceparent,
        "Diagnostic-Id": event.traceparent,
        causationid: "cmd-9",
        source: "/ordering",
      },
    });
    expect(Buffer.isBuffer(message.body)).toBe(true);
    expect(envelopeOf(message)).toEqual(event);
    // However the SDK hands the body back (bytes, text, decoded JSON), the envelope is the same.
    expect(envelopeOf({ body: JSON.stringify(event) })).toEqual(event);
    expect(envelopeOf({ body: JSON.parse(JSON.stringify(event)) })).toEqual(event);
  });

  it("sends each event to its context's topic, where the rules route it by type", async () => {
    const { namespace, bus } = await setUp();
    const cancelled = orderCancelled(randomUUID(), "c");
    await bus.publish([cancelled]);
    const queued = (topic: string, name: string) =>
      namespace.subscription(topic, name).active.map((m) => m.message.messageId);
    expect(queued("ordering", "catalog")).toEqual([cancelled.id]);
    expect(queued("ordering", "billing")).toEqual([cancelled.id]);
    expect(queued("ordering", "shipping")).toEqual([cancelled.id]);
    expect(() => namespace.subscription("catalog", "ordering")).not.toThrow();
    expect(namespace.subscription("catalog", "ordering").active).toEqual([]);
  });

  it("relies on duplicate detection: a re-published event is not queued twice", async () => {
    const { namespace, bus } = await setUp();
    const event = orderConfirmed(randomUUID(), "c");
    await bus.publish([event]);
    await bus.publish([event]);
    expect(namespace.sent.filter((m) => m.messageId === event.id)).toHaveLength(2);
    expect(namespace.subscription("ordering", "catalog").active).toHaveLength(1);
  });

  it("splits a large batch into several sends and refuses an event too big for any", async () => {
    const { namespace, bus } = await setUp();
    const padded = Array.from({ length: 30 }, () => ({
      ...orderConfirmed(randomUUID(), "c"),
      padding: "x".repeat(20_000),
    }));
    await bus.publish(padded);
    expect(namespace.subscription("ordering", "catalog").active).toHaveLength(30);
    const huge = { ...orderConfirmed(randomUUID(), "c"), padding: "x".repeat(300_000) };
    await expect(bus.publish([huge])).rejects.toThrow(/larger than a Service Bus message may be/);
  });

  it("abandons a failed delivery at once, so the broker redelivers it first in its session, without a wait under the lock", async () => {
    // A bus that would sleep anywhere between a failure and the redelivery would never get there.
    const { namespace, waits, bus } = await setUp({ busOptions: { sleep: () => new Promise(() => {}) } });
    const orderId = randomUUID();
    const event = orderConfirmed(orderId, "c");
    const next = orderCancelled(orderId, "c");
    const deliveries: string[] = [];
    await bus.subscribe("ordering.catalog", async (e, context) => {
      deliveries.push(`${e.type.split(".")[2]}#${context.deliveryCount}`);
      if (e.id === event.id && context.deliveryCount < 3) throw new Error("flaky");
    });
    await bus.publish([event, next]);
    await waitFor("the later event to complete", () =>
      settlementsOf(namespace, next.id).includes("complete"),
    );
    expect(deliveries).toEqual([
      "order-confirmed#1",
      "order-confirmed#2",
      "order-confirmed#3",
      "order-cancelled#1",
    ]);
    expect(settlementsOf(namespace, event.id)).toEqual(["abandon", "abandon", "complete"]);
    expect(waits).toEqual([]);
    const abandon = namespace.settlements.find((s) => s.messageId === event.id && s.kind === "abandon");
    expect(abandon).toMatchObject({ properties: { lastError: "Error: flaky" } });
  });

  describe("holds a session for a bounded time and number of messages", () => {
    const oneOrder = (count: number) => {
      const orderId = randomUUID();
      return Array.from({ length: count }, (_, i) =>
        i % 2 === 0 ? orderConfirmed(orderId, "c") : orderCancelled(orderId, "c"),
      );
    };

    it("releases a session after maxSessionMessages and takes it again, keeping the order", async () => {
      const { namespace, bus } = await setUp({ busOptions: { maxSessionMessages: 3 } });
      const events = oneOrder(10);
      const handled: string[] = [];
      await bus.subscribe("ordering.catalog", async (e) => void handled.push(e.id), { concurrency: 2 });
      await bus.publish(events);
      await waitFor("every event", () => handled.length === events.length);
      expect(handled).toEqual(events.map((e) => e.id));
      const holds = namespace.sessionHolds.filter((h) => h.sessionId === events[0]?.subject);
      expect(holds.length).toBeGreaterThanOrEqual(4);
      expect(Math.max(...holds.map((h) => h.settled))).toBe(3);
      expect(holds.reduce((n, h) => n + h.settled, 0)).toBe(10);
    });

    it("releases a busy session after maxSessionHoldMs, long before the SDK stops renewing its lock", async () => {
      const clock = fakeClock();
      const { namespace, bus } = await setUp({ now: clock.now });
      const events = oneOrder(12);
      const handled: string[] = [];
      // Each handler takes 40 s: twelve in a row would be 8 minutes under one session lock.
      await bus.subscribe("ordering.catalog", async (e) => {
        clock.advance(40_000);
        handled.push(e.id);
      });
      await bus.publish(events);
      await waitFor("every event", () => handled.length === events.length);
      expect(handled).toEqual(events.map((e) => e.id));
      const holds = namespace.sessionHolds.filter((h) => h.sessionId === events[0]?.subject);
      expect(holds.some((h) => h.lockLost)).toBe(false);
      // Released at the first message boundary at or past 60 s: after two 40 s handlers.
      expect(holds.map((h) => h.settled)).toEqual([2, 2, 2, 2, 2, 2]);
    });

    it("(the failure it prevents) a session held past the renewal window loses its lock and redelivers", async () => {
      const clock = fakeClock();
      const { namespace, bus } = await setUp({
        now: clock.now,
        busOptions: { maxSessionHoldMs: LOCK_RENEWAL_MS - 1 },
      });
      const events = oneOrder(10);
      const handled: string[] = [];
      await bus.subscribe("ordering.catalog", async (e) => {
        clock.advance(40_000);
        handled.push(e.id);
      });
      await bus.publish(events);
      await waitFor("every event to complete", () =>
        events.every((e) => settlementsOf(namespace, e.id).includes("complete")),
      );
      const holds = namespace.sessionHolds.filter((h) => h.sessionId === events[0]?.subject);
      expect(holds[0]).toMatchObject({ settled: 7, lockLost: true });
      // The eighth ran past the lock and was handled again: the inbox saves correctness, not time.
      expect(handled.filter((id) => id === events[7]?.id)).toHaveLength(2);
    });

    it("refuses a hold as long as the lock renewal window", async () => {
      await expect(setUp({ busOptions: { maxSessionHoldMs: LOCK_RENEWAL_MS } })).rejects.toThrow(
        /maxSessionHoldMs must stay below the lock renewal window/,
      );
    });
  });

  describe("readiness (checkReady)", () => {
    const partial: Topology = {
      topics: topology.topics.filter((t) => t.name !== "billing"),
      subscriptions: topology.subscriptions.filter(
        (s) => s.topic !== "billing" && s.name !== "ordering.shipping",
      ),
    };

    async function partlyProvisioned() {
      const namespace = new FakeServiceBusNamespace();
      await provisionTopology(namespace.admin, partial);
      const bus = new AzureServiceBusEventBus(namespace, fastRetry, testLogger);
      buses.push(bus);
      return { namespace, bus };
    }

    it("is ready when the namespace answers and the service's topic and subscriptions exist, sending nothing", async () => {
      const { namespace, bus } = await partlyProvisioned();
      await bus.checkReady(busEntitiesOf("ordering", ["catalog.ordering", "customer.ordering"]));
      await bus.checkReady(busEntitiesOf("catalog", ["ordering.catalog", "shipping.catalog"]));
      expect(namespace.sent).toEqual([]);
    });

    it("names every missing entity", async () => {
      const { bus } = await partlyProvisioned();
      // billing's own subscription exists, its topic does not.
      await expect(bus.checkReady(busEntitiesOf("billing", ["ordering.billing"]))).rejects.toThrow(
        /^Service Bus not ready: topic billing: topic billing does not exist$/,
      );
      await expect(
        bus.checkReady(busEntitiesOf("ordering", ["billing.ordering", "catalog.ordering"])),
      ).rejects.toThrow("Service Bus not ready: subscription billing.ordering: topic billing does not exist");
      await expect(bus.checkReady(busEntitiesOf("shipping", ["ordering.shipping"]))).rejects.toThrow(
        /^Service Bus not ready: subscription ordering\.shipping: subscription ordering\/shipping does not exist$/,
      );
    });

    it("fails while the namespace cannot be reached, and recovers with it", async () => {
      const { namespace, bus } = await partlyProvisioned();
      const entities = busEntitiesOf("ordering", ["catalog.ordering"]);
      await bus.checkReady(entities);
      namespace.unreachable = true;
      await expect(bus.checkReady(entities)).rejects.toThrow(
        "Service Bus not ready: subscription catalog.ordering: getaddrinfo ENOTFOUND shop.servicebus.windows.net",
      );
      namespace.unreachable = false;
      await expect(bus.checkReady(entities)).resolves.toBeUndefined();
    });
  });

  it("dead-letters on the last allowed delivery with reason and description, before the broker would", async () => {
    const { namespace, bus } = await setUp();
    const event = orderConfirmed(randomUUID(), "c");
    await bus.subscribe("ordering.catalog", async () => {
      throw new Error("warehouse offline");
    });
    await bus.publish([event]);
    await waitFor("the dead letter", () => settlementsOf(namespace, event.id).includes("deadLetter"));
    expect(settlementsOf(namespace, event.id)).toEqual(["abandon", "abandon", "deadLetter"]);
    const letter = namespace.settlements.find((s) => s.kind === "deadLetter");
    expect(letter).toMatchObject({ reason: "MaxDeliveriesExceeded" });
    expect(letter?.kind === "deadLetter" && letter.description).toContain("warehouse offline");
    const [listed] = await bus.deadLetters("ordering.catalog");
    expect(listed).toMatchObject({ reason: "MaxDeliveriesExceeded", deliveryCount: 3, event });
  });

  it("dead-letters a PermanentFailure at once", async () => {
    const { namespace, bus } = await setUp();
    const event = orderConfirmed(randomUUID(), "c");
    await bus.subscribe("ordering.catalog", async () => {
      throw new PermanentFailure("UnknownProduct", "no such product");
    });
    await bus.publish([event]);
    await waitFor("the dead letter", () => settlementsOf(namespace, event.id).length > 0);
    expect(namespace.settlements).toEqual([
      { kind: "deadLetter", messageId: event.id, reason: "UnknownProduct", description: "no such product" },
    ]);
  });

  it("replays a dead letter to its own subscription only", async () => {
    const { namespace, bus } = await setUp();
    const event = orderCancelled(randomUUID(), "c");
    let fail = true;
    const handled: string[] = [];
    await bus.subscribe("ordering.catalog", async (e) => {
      if (fail) throw new PermanentFailure("NotYet");
      handled.push(e.id);
    });
    await bus.publish([event]);
    const [letter] = await waitFor("the dead letter", async () => {
      const letters = await bus.deadLetters("ordering.catalog");
      return letters.length ? letters : undefined;
    });
    fail = false;
    const billingBefore = namespace.subscription("ordering", "billing").active.length;
    expect(await bus.replayDeadLetters("ordering.catalog", { ids: [letter!.id] })).toBe(1);
    await waitFor("the replayed event", () => handled.length === 1);
    expect(handled).toEqual([event.id]);
    const replayed = namespace.sent.at(-1);
    expect(replayed).toMatchObject({ subject: "replay:ordering.catalog", sessionId: event.subject });
    expect(replayed?.messageId).not.toBe(event.id);
    expect(namespace.subscription("ordering", "billing").active.length).toBe(billingBefore);
    expect(await bus.deadLetters("ordering.catalog")).toEqual([]);
  });

  const unordered: Topology = {
    topics: topology.topics,
    subscriptions: topology.subscriptions.map((s) =>
      s.name === "ordering.catalog" ? { ...s, ordered: false } : s,
    ),
  };

  it("consumes an unordered subscription with the SDK's subscribe(), settling itself", async () => {
    const { namespace, bus } = await setUp({ topology: unordered });
    expect(namespace.subscription("ordering", "catalog").properties.requiresSession).toBe(false);
    const options: unknown[] = [];
    const createReceiver = namespace.createReceiver.bind(namespace);
    namespace.createReceiver = (topic, name, receiverOptions) => {
      const receiver = createReceiver(topic, name, receiverOptions);
      const subscribe = receiver.subscribe.bind(receiver);
      receiver.subscribe = (handlers, subscribeOptions) => {
        options.push(subscribeOptions);
        return subscribe(handlers, subscribeOptions);
      };
      return receiver;
    };
    const handled: string[] = [];
    await bus.subscribe("ordering.catalog", async (e) => void handled.push(e.id), { concurrency: 3 });
    const event = orderConfirmed(randomUUID(), "c");
    await bus.publish([event]);
    await waitFor("the event", () => handled.length === 1);
    expect(options).toEqual([{ autoCompleteMessages: false, maxConcurrentCalls: 3 }]);
    expect(settlementsOf(namespace, event.id)).toEqual(["complete"]);
  });

  it("stops consuming an unordered subscription only once its handlers in flight have settled", async () => {
    // The SDK's subscription close() does not wait for processMessage calls (nor does the fake's):
    // closing the receiver before they finish would lose their settlement.
    const { namespace, bus } = await setUp({ topology: unordered });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const order: string[] = [];
    const started: string[] = [];
    await bus.subscribe(
      "ordering.catalog",
      async (e) => {
        started.push(e.id);
        await gate;
        order.push("handler done");
      },
      { concurrency: 2 },
    );
    const event = orderConfirmed(randomUUID(), "c");
    await bus.publish([event]);
    await waitFor("the event to be in its handler", () => started.length === 1);

    const stopping = bus.stopConsuming().then(() => order.push("stopped consuming"));
    const later = orderConfirmed(randomUUID(), "c");
    await bus.publish([later]);
    release();
    await stopping;
    expect(order).toEqual(["handler done", "stopped consuming"]);
    expect(settlementsOf(namespace, event.id)).toEqual(["complete"]);
    expect(started).toEqual([event.id]);
    expect(namespace.subscription("ordering", "catalog").active.map((m) => m.message.messageId)).toEqual([
      later.id,
    ]);
  });

  it("closes receivers, senders and the client on stop", async () => {
    const { namespace, bus } = await setUp();
    await bus.subscribe("ordering.catalog", async () => undefined);
    await bus.publish([orderConfirmed(randomUUID(), "c")]);
    await bus.stop();
    expect(namespace.closed).toBe(true);
  });
});
