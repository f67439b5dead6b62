import { randomUUID } from "node:crypto";
import type { TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PermanentFailure } from "../src/permanent-failure.ts";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import { orderCancelled, orderConfirmed } from "./support/events.ts";
import { createBusDatabase, postgresBusConfig } from "./support/postgres-bus.ts";
import { testLogger } from "./support/test-logger.ts";
import { waitFor } from "./support/wait-for.ts";

// What the postgres transport does beyond the shared contract.
describe("postgres transport (pg-boss)", () => {
  let database: TestDatabase;
  let bus: PgBossEventBus;
  let sql: pg.Client;

  beforeEach(async () => {
    database = await createBusDatabase();
    bus = new PgBossEventBus(postgresBusConfig(database.url), testLogger);
    await bus.start();
    sql = new pg.Client({ connectionString: database.url });
    sql.on("error", () => undefined);
    await sql.connect();
  });

  afterEach(async () => {
    await bus.stop();
    await sql.end();
    await database.drop();
  });

  it("provisions one key-FIFO queue per subscription, with a dead letter queue, routed by type", async () => {
    const { rows: queues } = await sql.query(
      "SELECT name, policy, dead_letter, notify, retry_limit FROM pgboss.queue WHERE name LIKE 'ordering.%' ORDER BY name",
    );
    expect(queues).toEqual([
      {
        name: "ordering.billing",
        policy: "key_strict_fifo",
        dead_letter: "ordering.billing.dead-letter",
        notify: true,
        retry_limit: 2,
      },
      {
        name: "ordering.billing.dead-letter",
        policy: "standard",
        dead_letter: null,
        notify: false,
        retry_limit: 2,
      },
      {
        name: "ordering.catalog",
        policy: "key_strict_fifo",
        dead_letter: "ordering.catalog.dead-letter",
        notify: true,
        retry_limit: 2,
      },
      {
        name: "ordering.catalog.dead-letter",
        policy: "standard",
        dead_letter: null,
        notify: false,
        retry_limit: 2,
      },
      {
        name: "ordering.shipping",
        policy: "key_strict_fifo",
        dead_letter: "ordering.shipping.dead-letter",
        notify: true,
        retry_limit: 2,
      },
      {
        name: "ordering.shipping.dead-letter",
        policy: "standard",
        dead_letter: null,
        notify: false,
        retry_limit: 2,
      },
    ]);
    const { rows: routes } = await sql.query(
      "SELECT event, name FROM pgboss.subscription WHERE event LIKE '%order-cancelled%' ORDER BY name",
    );
    expect(routes.map((r) => r.name)).toEqual(["ordering.billing", "ordering.catalog", "ordering.shipping"]);
  });

  it("queues a re-published event once: the job id is the event id", async () => {
    const event = orderConfirmed(randomUUID(), "c");
    await bus.publish([event]);
    await bus.publish([event]);
    const { rows } = await sql.query("SELECT id FROM pgboss.job WHERE name = 'ordering.catalog'");
    expect(rows).toEqual([{ id: event.id }]);
  });

  it("holds an aggregate's later events behind its dead letter until it is replayed, then keeps their order", async () => {
    const subject = randomUUID();
    const [first, second, third] = [
      orderConfirmed(subject, "c"),
      orderCancelled(subject, "c"),
      orderConfirmed(subject, "c"),
    ];
    const other = orderConfirmed(randomUUID(), "c");
    let refuse = true;
    const handled: string[] = [];
    await bus.subscribe("ordering.catalog", async (event) => {
      if (refuse && event.id === first.id) throw new PermanentFailure("NotYet");
      handled.push(event.id);
    });
    await bus.publish([first, second, third, other]);

    await waitFor("the other aggregate's event", () => handled.includes(other.id));
    const [letter] = await waitFor("the dead letter", async () => {
      const letters = await bus.deadLetters("ordering.catalog");
      return letters.length ? letters : undefined;
    });
    // Other aggregates flow: a later event of another aggregate gets through, while this
    // aggregate's older events, which a fetch would have taken first, stay where they are.
    const sentinel = orderConfirmed(randomUUID(), "c");
    await bus.publish([sentinel]);
    await waitFor("the later event of another aggregate", () => handled.includes(sentinel.id));
    expect(handled).toEqual([other.id, sentinel.id]);

    refuse = false;
    expect(await bus.replayDeadLetters("ordering.catalog", { ids: [letter!.id] })).toBe(1);
    await waitFor("the held events", () => handled.length === 5);
    expect(handled).toEqual([other.id, sentinel.id, first.id, second.id, third.id]);
  });

  it("releases the held events when the dead letter is discarded", async () => {
    const subject = randomUUID();
    const [first, second] = [orderConfirmed(subject, "c"), orderCancelled(subject, "c")];
    const handled: string[] = [];
    await bus.subscribe("ordering.catalog", async (event) => {
      if (event.id === first.id) throw new PermanentFailure("Obsolete");
      handled.push(event.id);
    });
    await bus.publish([first, second]);
    const [letter] = await waitFor("the dead letter", async () => {
      const letters = await bus.deadLetters("ordering.catalog");
      return letters.length ? letters : undefined;
    });
    expect(await bus.discardDeadLetters("ordering.catalog", { ids: [letter!.id] })).toBe(1);
    await waitFor("the held event", () => handled.length === 1);
    expect(handled).toEqual([second.id]);
  });
});
