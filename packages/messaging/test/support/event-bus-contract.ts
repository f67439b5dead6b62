import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@ecommerce/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeliveryContext, EventBus, EventHandler } from "../../src/event-bus.ts";
import { PermanentFailure } from "../../src/permanent-failure.ts";
import { orderCancelled, orderConfirmed } from "./events.ts";
import { waitFor } from "./wait-for.ts";

export interface BusNamespace {
  /** A started bus; every bus of one namespace sees the same subscriptions (two processes). */
  createBus(): Promise<EventBus>;
  teardown(): Promise<void>;
}

export interface TransportUnderTest {
  name: string;
  /** The max deliveries the buses are configured with (at least 3). */
  maxDeliveries: number;
  /** A namespace for one test: fresh where the transport allows, shared otherwise. */
  namespace(): Promise<BusNamespace>;
  timeoutMs?: number;
}

interface Delivery {
  event: EventEnvelope;
  context: DeliveryContext;
}

/**
 * What every EventBus transport must do, whatever it runs on. Tests only look at events of their
 * own run (correlation id), so they also hold on a shared namespace with leftovers.
 */
export function eventBusContract(transport: TransportUnderTest): void {
  describe(`EventBus contract: ${transport.name}`, () => {
    let namespace: BusNamespace;
    let run: string;
    const timeoutMs = transport.timeoutMs ?? 20_000;

    beforeEach(async () => {
      namespace = await transport.namespace();
      run = `test-${randomUUID()}`;
    });

    afterEach(async () => {
      await namespace?.teardown();
    });

    /** A handler recording this run's deliveries; `behaviour` may throw to fail a delivery. */
    function recorder(behaviour?: (delivery: Delivery, all: Delivery[]) => Promise<void> | void) {
      const deliveries: Delivery[] = [];
      const handled: EventEnvelope[] = [];
      const handler: EventHandler = async (event, context) => {
        if (event.correlationid !== run) return;
        const delivery = { event, context: { ...context } };
        deliveries.push(delivery);
        await behaviour?.(delivery, deliveries);
        handled.push(event);
      };
      return { handler, deliveries, handled, ids: () => handled.map((e) => e.id) };
    }

    const until = <T>(what: string, condition: () => T | Promise<T>) =>
      waitFor(what, condition, { timeoutMs });

    it("fans an event out to every subscription that takes it, intact", async () => {
      const bus = await namespace.createBus();
      const catalog = recorder();
      const billing = recorder();
      await bus.subscribe("ordering.catalog", catalog.handler);
      await bus.subscribe("ordering.billing", billing.handler);

      const event = orderCancelled(randomUUID(), run);
      await bus.publish([event]);

      await until(
        "both subscriptions to receive the event",
        () => catalog.handled.length && billing.handled.length,
      );
      expect(catalog.handled).toEqual([event]);
      expect(billing.handled).toEqual([event]);
      expect(catalog.deliveries[0]?.context).toMatchObject({
        subscription: "ordering.catalog",
        deliveryCount: 1,
      });
    });

    it("delivers to a subscription only the event types it takes", async () => {
      const bus = await namespace.createBus();
      const catalog = recorder();
      const billing = recorder();
      await bus.subscribe("ordering.catalog", catalog.handler, { concurrency: 1 });
      await bus.subscribe("ordering.billing", billing.handler, { concurrency: 1 });

      const confirmed = orderConfirmed(randomUUID(), run);
      await bus.publish([confirmed]);
      await until("catalog to receive OrderConfirmed", () => catalog.handled.length === 1);

      // Billing does not take OrderConfirmed. Had it been routed there, it would have been queued
      // before this later event, which billing does take.
      const sentinel = orderCancelled(randomUUID(), run);
      await bus.publish([sentinel]);
      await until("billing to receive the later OrderCancelled", () => billing.handled.length >= 1);
      await until("catalog to receive the later OrderCancelled", () => catalog.handled.length === 2);
      expect(billing.ids()).toEqual([sentinel.id]);
      expect(catalog.ids()).toEqual([confirmed.id, sentinel.id]);
    });

    it("redelivers an event whose handler threw (at least once)", async () => {
      const bus = await namespace.createBus();
      const catalog = recorder(({ context }) => {
        if (context.deliveryCount === 1) throw new Error("database unavailable");
      });
      await bus.subscribe("ordering.catalog", catalog.handler);

      const event = orderConfirmed(randomUUID(), run);
      await bus.publish([event]);

      await until("the second delivery to succeed", () => catalog.handled.length === 1);
      expect(catalog.deliveries.map((d) => d.context.deliveryCount)).toEqual([1, 2]);
      expect(catalog.handled).toEqual([event]);
    });

    it("dead-letters an event after the maximum deliveries, with the reason, and replays it", async () => {
      const bus = await namespace.createBus();
      let broken = true;
      const catalog = recorder(() => {
        if (broken) throw new Error("boom: no such warehouse");
      });
      await bus.subscribe("ordering.catalog", catalog.handler);

      const event = orderConfirmed(randomUUID(), run);
      await bus.publish([event]);

      const [letter] = await until("the event to be dead-lettered", async () => {
        const letters = (await bus.deadLetters("ordering.catalog")).filter((l) => l.event.id === event.id);
        return letters.length > 0 ? letters : undefined;
      });
      expect(catalog.deliveries.map((d) => d.context.deliveryCount)).toEqual(
        Array.from({ length: transport.maxDeliveries }, (_, i) => i + 1),
      );
      expect(catalog.deliveries.every((d) => d.context.maxDeliveries === transport.maxDeliveries)).toBe(true);
      expect(letter).toMatchObject({ subscription: "ordering.catalog", reason: "MaxDeliveriesExceeded" });
      expect(letter?.description).toContain("boom: no such warehouse");
      expect(letter?.event).toEqual(event);
      expect(catalog.handled).toEqual([]);

      broken = false;
      expect(await bus.replayDeadLetters("ordering.catalog", { ids: [letter!.id] })).toBe(1);
      await until("the replayed event to be handled", () => catalog.handled.length === 1);
      expect(catalog.handled).toEqual([event]);
      const left = await bus.deadLetters("ordering.catalog");
      expect(left.filter((l) => l.event.id === event.id)).toEqual([]);
    });

    it("dead-letters at once what the handler refuses for good (PermanentFailure)", async () => {
      const bus = await namespace.createBus();
      const catalog = recorder(() => {
        throw new PermanentFailure("UnknownWarehouse", "warehouse 42 does not exist");
      });
      await bus.subscribe("ordering.catalog", catalog.handler);

      const event = orderConfirmed(randomUUID(), run);
      await bus.publish([event]);

      const letter = await until("the event to be dead-lettered", async () =>
        (await bus.deadLetters("ordering.catalog")).find((l) => l.event.id === event.id),
      );
      expect(letter).toMatchObject({
        reason: "UnknownWarehouse",
        description: "warehouse 42 does not exist",
      });
      expect(catalog.deliveries).toHaveLength(1);

      expect(await bus.discardDeadLetters("ordering.catalog", { ids: [letter.id] })).toBe(1);
      const left = await bus.deadLetters("ordering.catalog");
      expect(left.filter((l) => l.event.id === event.id)).toEqual([]);
    });

    it("dead-letters an event that breaks its contract without calling the handler", async () => {
      const bus = await namespace.createBus();
      const catalog = recorder();
      await bus.subscribe("ordering.catalog", catalog.handler);

      const event = orderConfirmed(randomUUID(), run) as EventEnvelope<{ lines: { quantity: number }[] }>;
      event.data.lines[0]!.quantity = 0;
      await bus.publish([event]);

      const letter = await until("the event to be dead-lettered", async () =>
        (await bus.deadLetters("ordering.catalog")).find((l) => l.event.id === event.id),
      );
      expect(letter?.reason).toBe("ContractViolation");
      expect(letter?.description).toContain("/data/lines/0/quantity must be >= 1");
      expect(catalog.deliveries).toEqual([]);
    });

    it("keeps the order of each aggregate's events, across batches and retries", async () => {
      const bus = await namespace.createBus();
      const subjects = [randomUUID(), randomUUID(), randomUUID()];
      const published = new Map(subjects.map((s) => [s, [] as string[]]));
      const failOnce = new Set<string>();
      const catalog = recorder(async ({ event, context }) => {
        // Uneven handler times would let a later event overtake an earlier one if order were not enforced.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
        if (failOnce.has(event.id) && context.deliveryCount === 1) throw new Error("transient");
      });
      await bus.subscribe("ordering.catalog", catalog.handler, { concurrency: 8 });

      const batches: EventEnvelope[][] = [];
      for (let batch = 0; batch < 3; batch++) {
        const events: EventEnvelope[] = [];
        for (let i = 0; i < 4; i++) {
          for (const subject of subjects) {
            const event = i % 2 ? orderCancelled(subject, run) : orderConfirmed(subject, run);
            events.push(event);
            published.get(subject)!.push(event.id);
          }
        }
        batches.push(events);
      }
      failOnce.add(published.get(subjects[0]!)![2]!);
      failOnce.add(published.get(subjects[1]!)![7]!);
      for (const events of batches) await bus.publish(events);

      await until("every event to be handled", () => catalog.handled.length === subjects.length * 12);
      for (const subject of subjects) {
        const handled = catalog.handled.filter((e) => e.subject === subject).map((e) => e.id);
        expect(handled).toEqual(published.get(subject));
      }
    });

    it("stops consuming: the handler in flight finishes, nothing new is taken, publishing still works", async () => {
      const bus = await namespace.createBus();
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const order: string[] = [];
      const catalog = recorder(async () => {
        await gate;
        order.push("handler done");
      });
      await bus.subscribe("ordering.catalog", catalog.handler);
      const held = orderConfirmed(randomUUID(), run);
      await bus.publish([held]);
      await until("the event to be in its handler", () => catalog.deliveries.length === 1);

      const stopping = bus.stopConsuming().then(() => order.push("stopped consuming"));
      const later = orderConfirmed(randomUUID(), run);
      try {
        // Publishing still works; the handler holds its event, so stopping cannot be over.
        await bus.publish([later]);
        expect(order).toEqual([]);
      } finally {
        release();
      }
      await stopping;
      expect(order).toEqual(["handler done", "stopped consuming"]);
      expect(catalog.handled).toEqual([held]);
      await expect(bus.subscribe("ordering.billing", recorder().handler)).rejects.toThrow(
        /stopped consuming/,
      );

      // The later event stayed queued for the next consumer; the held one was settled, not released.
      const fresh = recorder();
      await (await namespace.createBus()).subscribe("ordering.catalog", fresh.handler);
      await until("a fresh consumer to receive the later event", () => fresh.handled.length >= 1);
      expect(fresh.ids()).toEqual([later.id]);
      expect(catalog.deliveries).toHaveLength(1);
    });

    it("lets two consumers of one subscription share the work without handling anything twice", async () => {
      const [first, second] = [await namespace.createBus(), await namespace.createBus()];
      // Each consumer's deliveries wait until both consumers have started one. Each takes at most
      // two events at a time (concurrency and prefetch 2: two sessions on Service Bus), so the first
      // to get work is soon full and only the other can move anything: a bus that shares the work
      // gets past this at once, whatever the timing; one that does not stalls until the wait gives
      // up, and the assertions below fail. No timing is asserted.
      const started = new Set<string>();
      let bothStarted = () => {};
      let giveUp: NodeJS.Timeout | undefined;
      const gate = new Promise<void>((resolve) => {
        bothStarted = resolve;
        giveUp = setTimeout(resolve, timeoutMs / 2);
      });
      const handledBy = new Map<string, string[]>();
      const record = (name: string) =>
        recorder(async ({ event }) => {
          started.add(name);
          if (started.size === 2) bothStarted();
          await gate;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
          handledBy.set(event.id, [...(handledBy.get(event.id) ?? []), name]);
        });
      const a = record("first");
      const b = record("second");
      const options = { concurrency: 2, prefetch: 2 };
      await first.subscribe("ordering.catalog", a.handler, options);
      await second.subscribe("ordering.catalog", b.handler, options);

      const events = Array.from({ length: 40 }, (_, i) =>
        orderConfirmed(`00000000-0000-4000-8000-${String(i % 10).padStart(12, "0")}`, run),
      );
      try {
        await first.publish(events.slice(0, 20));
        await second.publish(events.slice(20));
        await until("all events to be handled", () => a.handled.length + b.handled.length >= events.length);
      } finally {
        clearTimeout(giveUp);
      }
      const twice = [...handledBy].filter(([, by]) => by.length > 1);
      expect(twice).toEqual([]);
      expect(new Set(handledBy.keys())).toEqual(new Set(events.map((e) => e.id)));
      expect(a.handled.length).toBeGreaterThan(0);
      expect(b.handled.length).toBeGreaterThan(0);
    });
  });
}
