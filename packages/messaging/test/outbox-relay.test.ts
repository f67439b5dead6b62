import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@ecommerce/contracts";
import type { TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventBus } from "../src/event-bus.ts";
import { recordInboxOnce } from "../src/inbox/record-inbox-once.ts";
import { appendToOutbox } from "../src/outbox/append-to-outbox.ts";
import { OutboxRelay } from "../src/outbox/outbox-relay.ts";
import { pgExecutor } from "../src/sql-executor.ts";
import { InMemoryBroker, InMemoryEventBus } from "../src/testing/index.ts";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import { orderCancelled, orderConfirmed } from "./support/events.ts";
import { createBusDatabase, postgresBusConfig } from "./support/postgres-bus.ts";
import { createServiceDatabase, inTransaction, testPool } from "./support/service-database.ts";
import { testLogger } from "./support/test-logger.ts";
import { waitFor } from "./support/wait-for.ts";

/** Counts what reaches the transport, per event id, before passing it on. */
function countingBus(inner: EventBus) {
  const published = new Map<string, number>();
  const bus: Pick<EventBus, "publish"> = {
    async publish(events) {
      await inner.publish(events);
      for (const event of events) published.set(event.id, (published.get(event.id) ?? 0) + 1);
    },
  };
  return { bus, published };
}

describe("OutboxRelay", () => {
  let producerDb: TestDatabase;
  let consumerDb: TestDatabase;
  let busDb: TestDatabase | undefined;
  let producer: pg.Pool;
  let consumer: pg.Pool;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    [producerDb, consumerDb] = await Promise.all([createServiceDatabase(), createServiceDatabase()]);
    producer = testPool(producerDb.url);
    consumer = testPool(consumerDb.url);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await Promise.all([producer.end(), consumer.end()]);
    await Promise.all([producerDb.drop(), consumerDb.drop(), busDb?.drop()]);
    busDb = undefined;
  });

  async function postgresBus(): Promise<EventBus> {
    busDb ??= await createBusDatabase();
    const bus = new PgBossEventBus(postgresBusConfig(busDb.url), testLogger);
    await bus.start();
    cleanups.push(() => bus.stop());
    return bus;
  }

  function relay(
    bus: Pick<EventBus, "publish">,
    options: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {},
  ) {
    const instance = new OutboxRelay({
      databaseUrl: producerDb.url,
      bus,
      logger: testLogger,
      // Only NOTIFY can wake it within a test's time: a slow poll would hide a missing wake-up.
      pollIntervalMs: 120_000,
      ...options,
    });
    cleanups.push(() => instance.stop());
    return instance;
  }

  /** A service committing state changes with their events, one transaction each. */
  async function commit(events: EventEnvelope[]): Promise<void> {
    await inTransaction(producer, async (client) => {
      for (const subject of new Set(events.map((e) => e.subject))) {
        await client.query(
          "INSERT INTO orders (id, status) VALUES ($1, 'Changed') ON CONFLICT (id) DO UPDATE SET version = orders.version + 1",
          [subject],
        );
      }
      await appendToOutbox(pgExecutor(client), events);
    });
  }

  /** The consumer: inbox and effect in one transaction; returns the deliveries it saw. */
  async function consume(bus: EventBus, subscription = "ordering.catalog") {
    const deliveries: string[] = [];
    await bus.subscribe(subscription, async (event) => {
      deliveries.push(event.id);
      await inTransaction(consumer, async (client) => {
        if (!(await recordInboxOnce(pgExecutor(client), subscription, event.id))) return;
        await client.query("INSERT INTO effects (event_id, subject) VALUES ($1, $2)", [
          event.id,
          event.subject,
        ]);
      });
    });
    return deliveries;
  }

  const effects = async () =>
    (
      await consumer.query<{ event_id: string; subject: string }>(
        "SELECT event_id, subject FROM effects ORDER BY applied_at",
      )
    ).rows;

  const unsent = async () =>
    Number(
      (await producer.query("SELECT count(*) FROM messaging_outbox WHERE sent_at IS NULL")).rows[0].count,
    );

  function lifecycle(orders: number, eventsPerOrder: number): EventEnvelope[] {
    const ids = Array.from({ length: orders }, () => randomUUID());
    const events: EventEnvelope[] = [];
    for (let i = 0; i < eventsPerOrder; i++) {
      for (const id of ids) events.push(i % 2 ? orderCancelled(id, "req") : orderConfirmed(id, "req"));
    }
    return events;
  }

  function expectOrderPerSubject(handled: { event_id: string; subject: string }[], events: EventEnvelope[]) {
    for (const subject of new Set(events.map((e) => e.subject))) {
      expect(handled.filter((row) => row.subject === subject).map((row) => row.event_id)).toEqual(
        events.filter((e) => e.subject === subject).map((e) => e.id),
      );
    }
  }

  it("publishes committed events on NOTIFY, in order per aggregate, and marks them sent", async () => {
    const bus = await postgresBus();
    await consume(bus);
    const outbox = relay(bus);
    await outbox.start();

    const events = lifecycle(5, 4);
    for (let i = 0; i < events.length; i += 3) await commit(events.slice(i, i + 3));

    await waitFor("every event to be handled", async () => (await effects()).length === events.length);
    expectOrderPerSubject(await effects(), events);
    await waitFor("every row to be marked sent", async () => (await unsent()) === 0);
    expect(await outbox.backlog()).toEqual({ pending: 0, oldestPendingSeconds: 0 });
  });

  it("listens again after losing its LISTEN connection, and catches up on what it missed", async () => {
    const inner = new InMemoryEventBus(new InMemoryBroker());
    cleanups.push(() => inner.stop());
    const { bus, published } = countingBus(inner);
    const outbox = relay(bus);
    await outbox.start();
    const admin = new pg.Client({ connectionString: producerDb.url });
    admin.on("error", () => undefined);
    await admin.connect();
    cleanups.push(() => admin.end());
    const listenerPid = async () =>
      (
        await admin.query(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'outbox-relay-listener'",
        )
      ).rows[0]?.pid as number | undefined;

    const before = await waitFor("the listener", listenerPid);
    await admin.query("SELECT pg_terminate_backend($1)", [before]);
    const missed = orderConfirmed(randomUUID(), "req");
    await commit([missed]);
    const after = await waitFor("a new listener", async () => {
      const pid = await listenerPid();
      return pid !== before ? pid : undefined;
    });
    expect(after).not.toBe(before);
    await waitFor("the event committed while nobody listened", () => published.has(missed.id));

    const next = orderConfirmed(randomUUID(), "req");
    await commit([next]);
    await waitFor("an event committed after reconnecting", () => published.has(next.id));
  });

  it("does not publish what was rolled back", async () => {
    const inner = new InMemoryEventBus(new InMemoryBroker());
    const { bus, published } = countingBus(inner);
    const outbox = relay(bus);
    await outbox.start();
    const kept = orderConfirmed(randomUUID(), "req");
    await expect(
      inTransaction(producer, async (client) => {
        await appendToOutbox(pgExecutor(client), [orderConfirmed(randomUUID(), "req")]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await commit([kept]);
    await waitFor("the committed event to be published", () => published.size === 1);
    expect([...published.keys()]).toEqual([kept.id]);
  });

  it("loses nothing when it is killed between publishing and marking: the next run republishes, the inbox dedupes", async () => {
    // A bus that redelivers whatever is published again, so the inbox is what prevents a second effect.
    const inner = new InMemoryEventBus(new InMemoryBroker());
    cleanups.push(() => inner.stop());
    const deliveries = await consume(inner);
    const { bus, published } = countingBus(inner);
    const admin = new pg.Client({ connectionString: producerDb.url });
    await admin.connect();
    cleanups.push(() => admin.end());

    const events = lifecycle(4, 5);
    await commit(events);
    const first = relay(bus, {
      batchSize: 8,
      // The process "dies" after the transport took the batch: its connection to the service
      // database is cut before it can mark the rows sent.
      afterPublish: async () => {
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'outbox-relay'",
        );
      },
    });
    await expect(first.relayOnce()).rejects.toThrow();
    await first.stop();
    expect(await unsent()).toBe(events.length);
    expect(published.size).toBe(8);

    const second = relay(bus);
    await second.start();
    await waitFor("every row to be sent", async () => (await unsent()) === 0);
    await inner.idle();

    const handled = await effects();
    expect(handled).toHaveLength(events.length);
    expect(new Set(handled.map((row) => row.event_id)).size).toBe(events.length);
    expectOrderPerSubject(handled, events);
    // At least once: the first batch went out twice, and was handled once.
    expect(deliveries.length).toBe(events.length + 8);
    expect([...published.values()].filter((n) => n === 2)).toHaveLength(8);
  });

  /** Stops the relay while its first batch is in flight, and commits `late` meanwhile (its NOTIFY comes too late). */
  async function stopWithLateEvents(options: Parameters<OutboxRelay["stop"]>[0]) {
    const inner = new InMemoryEventBus(new InMemoryBroker());
    cleanups.push(() => inner.stop());
    const { bus, published } = countingBus(inner);
    let inFlight = () => {};
    const batchInFlight = new Promise<void>((resolve) => {
      inFlight = resolve;
    });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const instance = relay(bus, {
      afterPublish: async () => {
        inFlight();
        await gate;
      },
    });
    await instance.start();
    const early = lifecycle(1, 1);
    await commit(early);
    await batchInFlight;
    const stopping = instance.stop(options);
    const late = lifecycle(2, 2);
    await commit(late);
    release();
    await stopping;
    return { early, late, published };
  }

  it("stops with a final pass when asked: what was committed during the last batch is published too", async () => {
    const { early, late, published } = await stopWithLateEvents({ finalPassMs: 10_000 });
    expect(await unsent()).toBe(0);
    expect([...published.keys()]).toEqual([...early, ...late].map((e) => e.id));
  });

  it("stops after the batch in flight without a final pass by default: later rows wait for the next relay", async () => {
    const { early, late, published } = await stopWithLateEvents({});
    expect(await unsent()).toBe(late.length);
    expect([...published.keys()]).toEqual(early.map((e) => e.id));
  });

  it("survives a restart on the real transport: every event handled exactly once", async () => {
    const bus = await postgresBus();
    await consume(bus);
    let crashes = 0;
    const events = lifecycle(6, 4);
    await commit(events);
    const first = relay(bus, {
      batchSize: 5,
      afterPublish: async () => {
        crashes += 1;
        throw new Error("process killed");
      },
    });
    await expect(first.relayOnce()).rejects.toThrow("process killed");
    await first.stop();
    expect(crashes).toBe(1);

    const second = relay(bus);
    await second.start();
    await waitFor("every event to be handled", async () => (await effects()).length === events.length);
    await waitFor("every row to be sent", async () => (await unsent()) === 0);
    const handled = await effects();
    expect(new Set(handled.map((row) => row.event_id)).size).toBe(events.length);
    expectOrderPerSubject(handled, events);
  });

  it("holds back an aggregate's later row while another relay is publishing its earlier one", async () => {
    const published: string[] = [];
    const bus: Pick<EventBus, "publish"> = {
      async publish(events) {
        published.push(...events.map((e) => e.id));
      },
    };
    const order = randomUUID();
    const [a1, b1, a2] = [
      orderConfirmed(order, "c"),
      orderConfirmed(randomUUID(), "c"),
      orderCancelled(order, "c"),
    ];
    await commit([a1]);
    await commit([b1]);
    await commit([a2]);

    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let publishing!: () => void;
    const isPublishing = new Promise<void>((resolve) => {
      publishing = resolve;
    });
    // X takes the first row and stalls between publishing and marking it sent.
    const x = relay(bus, {
      batchSize: 1,
      afterPublish: async () => {
        publishing();
        await released;
      },
    });
    const first = x.relayOnce();
    await isPublishing;

    const y = relay(bus, { batchSize: 10 });
    expect(await y.relayOnce()).toEqual({ published: 1, locked: 2, deferred: 1 });
    expect(published).toEqual([a1.id, b1.id]);

    release();
    expect(await first).toEqual({ published: 1, locked: 1, deferred: 0 });
    expect(await y.relayOnce()).toEqual({ published: 1, locked: 1, deferred: 0 });
    expect(published).toEqual([a1.id, b1.id, a2.id]);
  });

  it("runs as two instances: no row lost, none published twice, order per aggregate kept", async () => {
    const bus = await postgresBus();
    await consume(bus);
    const { bus: counted, published } = countingBus(bus);
    const relays = [relay(counted, { batchSize: 7 }), relay(counted, { batchSize: 7 })];
    await Promise.all(relays.map((r) => r.start()));

    // Eight writers committing concurrently, each owning some aggregates (as row locks would make them).
    const events = lifecycle(16, 8);
    const writers = Array.from({ length: 8 }, (_, w) =>
      events.filter((_, i) => i % 16 === w || i % 16 === w + 8),
    );
    await Promise.all(
      writers.map(async (mine) => {
        for (let i = 0; i < mine.length; i += 2) await commit(mine.slice(i, i + 2));
      }),
    );

    await waitFor("every row to be sent", async () => (await unsent()) === 0, { timeoutMs: 30_000 });
    await waitFor("every event to be handled", async () => (await effects()).length === events.length);
    expect(published.size).toBe(events.length);
    expect([...published.values()].every((n) => n === 1)).toBe(true);
    expect(relays.every((r) => r.publishedTotal > 0)).toBe(true);
    const handled = await effects();
    expect(new Set(handled.map((row) => row.event_id)).size).toBe(events.length);
    expectOrderPerSubject(handled, events);
  });
  it("replaces its LISTEN connection when the pool bounds connection lifetime (token passwords), and NOTIFY still wakes it", async () => {
    // As service-kit builds it with DATABASE_AUTH=entra, with a lifetime short enough for a test.
    const pool = new pg.Pool({
      connectionString: producerDb.url,
      max: 2,
      maxLifetimeSeconds: 1,
      application_name: "outbox-relay",
    });
    cleanups.push(() => pool.end());
    const published: string[] = [];
    const instance = relay(
      { publish: async (events) => void published.push(...events.map((e) => e.id)) },
      { pool, databaseUrl: undefined },
    );
    await instance.start();
    const listeners = async () =>
      (
        await producer.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'outbox-relay-listener'",
        )
      ).rows.map((r) => r.pid);
    const [first] = await waitFor("the relay to listen", async () => {
      const pids = await listeners();
      return pids.length === 1 ? pids : undefined;
    });
    await waitFor("a new listener connection in place of the first", async () => {
      const pids = await listeners();
      return pids.length === 1 && pids[0] !== first;
    });
    const event = orderConfirmed(randomUUID(), randomUUID());
    await commit([event]);
    await waitFor("the event published on NOTIFY to the new listener", () => published.includes(event.id));
  });
});
