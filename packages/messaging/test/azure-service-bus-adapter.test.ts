import { randomUUID } from "node:crypto";
import { type Topology, topology } from "@ecommerce/contracts";
import { afterEach, describe, expect, it } from "vitest";
import type { EventBus } from "../src/event-bus.ts";
import { PermanentFailure } from "../src/permanent-failure.ts";
import { envelopeOf, toServiceBusMessage } from "../src/transports/azure/azure-message-mapping.ts";
import { fakeAzure } from "./support/azure-bus.ts";
import { eventBusContract } from "./support/event-bus-contract.ts";
import { orderCancelled, orderConfirmed } from "./support/events.ts";
import type { FakeServiceBusNamespace } from "./support/fake-service-bus.ts";
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

  it("completes on success, abandons after a growing backoff on failure", async () => {
    const { namespace, waits, bus } = await setUp();
    const event = orderConfirmed(randomUUID(), "c");
    const deliveries: number[] = [];
    await bus.subscribe("ordering.catalog", async (_, context) => {
      deliveries.push(context.deliveryCount);
      if (context.deliveryCount < 3) throw new Error("flaky");
    });
    await bus.publish([event]);
    await waitFor("the third delivery to complete", () =>
      settlementsOf(namespace, event.id).includes("complete"),
    );
    expect(deliveries).toEqual([1, 2, 3]);
    expect(settlementsOf(namespace, event.id)).toEqual(["abandon", "abandon", "complete"]);
    // delay 1 s doubling, ±25 % jitter
    expect(waits[0]).toBeGreaterThanOrEqual(750);
    expect(waits[0]).toBeLessThanOrEqual(1250);
    expect(waits[1]).toBeGreaterThanOrEqual(1500);
    expect(waits[1]).toBeLessThanOrEqual(2500);
    const abandon = namespace.settlements.find((s) => s.messageId === event.id && s.kind === "abandon");
    expect(abandon).toMatchObject({ properties: { lastError: "Error: flaky" } });
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
