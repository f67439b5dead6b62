import { randomUUID } from "node:crypto";
import type { TestDatabase } from "@ecommerce/test-support";
import { context, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTBOX_CHANNEL } from "../src/migrations-dir.ts";
import { appendToOutbox } from "../src/outbox/append-to-outbox.ts";
import { pgExecutor } from "../src/sql-executor.ts";
import { orderCancelled, orderConfirmed } from "./support/events.ts";
import { createServiceDatabase, inTransaction, testPool } from "./support/service-database.ts";
import { registerTestTracing } from "./support/tracing.ts";
import { waitFor } from "./support/wait-for.ts";

describe("appendToOutbox", () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    // A context manager, as the service's OpenTelemetry SDK registers one.
    registerTestTracing();
    database = await createServiceDatabase();
    pool = testPool(database.url);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const outboxRows = async (subject: string) =>
    (
      await pool.query(
        "SELECT event_id, event_type, envelope FROM messaging_outbox WHERE subject = $1 ORDER BY position",
        [subject],
      )
    ).rows;

  it("commits the event rows with the state change", async () => {
    const orderId = randomUUID();
    const event = orderConfirmed(orderId, "req-1");
    await inTransaction(pool, async (client) => {
      await client.query("INSERT INTO orders (id, status) VALUES ($1, 'Confirmed')", [orderId]);
      await appendToOutbox(pgExecutor(client), [event]);
    });
    expect((await pool.query("SELECT status FROM orders WHERE id = $1", [orderId])).rows).toEqual([
      { status: "Confirmed" },
    ]);
    expect(await outboxRows(orderId)).toEqual([
      { event_id: event.id, event_type: event.type, envelope: event },
    ]);
  });

  it("rolls the event rows back with the state change", async () => {
    const orderId = randomUUID();
    await expect(
      inTransaction(pool, async (client) => {
        await client.query("INSERT INTO orders (id, status) VALUES ($1, 'Confirmed')", [orderId]);
        await appendToOutbox(pgExecutor(client), [orderConfirmed(orderId, "req-2")]);
        throw new Error("the unit of work failed after writing");
      }),
    ).rejects.toThrow("the unit of work failed");
    expect((await pool.query("SELECT 1 FROM orders WHERE id = $1", [orderId])).rows).toEqual([]);
    expect(await outboxRows(orderId)).toEqual([]);
  });

  it("rolls back with a stale write (optimistic concurrency) too", async () => {
    const orderId = randomUUID();
    await pool.query("INSERT INTO orders (id, status, version) VALUES ($1, 'Pending', 2)", [orderId]);
    await expect(
      inTransaction(pool, async (client) => {
        const updated = await client.query(
          "UPDATE orders SET status = 'Confirmed' WHERE id = $1 AND version = 1",
          [orderId],
        );
        await appendToOutbox(pgExecutor(client), [orderConfirmed(orderId, "req-3")]);
        if (updated.rowCount !== 1) throw new Error("stale version");
      }),
    ).rejects.toThrow("stale version");
    expect(await outboxRows(orderId)).toEqual([]);
  });

  it("keeps the batch order", async () => {
    const orderId = randomUUID();
    const events = [orderConfirmed(orderId, "c"), orderCancelled(orderId, "c"), orderConfirmed(orderId, "c")];
    await inTransaction(pool, (client) => appendToOutbox(pgExecutor(client), events));
    expect((await outboxRows(orderId)).map((row) => row.event_id)).toEqual(events.map((e) => e.id));
  });

  it("stamps events with the active trace unless they carry one", async () => {
    const orderId = randomUUID();
    const spanContext = {
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      traceFlags: 1,
    };
    const own = {
      ...orderConfirmed(orderId, "c"),
      traceparent: "00-11111111111111111111111111111111-2222222222222222-01",
    };
    const bare = orderCancelled(orderId, "c");
    await context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), () =>
      inTransaction(pool, (client) => appendToOutbox(pgExecutor(client), [own, bare])),
    );
    const rows = await outboxRows(orderId);
    expect(rows.map((row) => row.envelope.traceparent)).toEqual([
      own.traceparent,
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    ]);
  });

  it("notifies the relay's channel once per insert, on commit only", async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const notifications: string[] = [];
    listener.on("notification", (n) => notifications.push(n.channel));
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    try {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await appendToOutbox(pgExecutor(client), [
          orderConfirmed(randomUUID(), "c"),
          orderConfirmed(randomUUID(), "c"),
        ]);
        // Round trip on the listener: had the notification been sent before commit, it would be here.
        await listener.query("SELECT 1");
        expect(notifications).toEqual([]);
        await client.query("COMMIT");
      } finally {
        client.release();
      }
      await waitFor("the notification", () => notifications.length === 1);
      await listener.query("SELECT 1");
      expect(notifications).toEqual([OUTBOX_CHANNEL]);
    } finally {
      await listener.end();
    }
  });
});
