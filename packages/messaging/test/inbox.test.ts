import { randomUUID } from "node:crypto";
import type { TestDatabase } from "@ecommerce/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneInbox, recordInboxOnce } from "../src/inbox/record-inbox-once.ts";
import { pgExecutor, type SqlExecutor } from "../src/sql-executor.ts";
import { createServiceDatabase, inTransaction, testPool } from "./support/service-database.ts";

describe("recordInboxOnce", () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createServiceDatabase();
    pool = testPool(database.url);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  /** A consumer's handler: its effect only the first time, in one transaction with the inbox row. */
  const handle = (subscription: string, eventId: string, fail = false) =>
    inTransaction(pool, async (client) => {
      const tx = pgExecutor(client);
      if (!(await recordInboxOnce(tx, subscription, eventId))) return false;
      await client.query("INSERT INTO effects (event_id, subject) VALUES ($1, $2)", [eventId, subscription]);
      if (fail) throw new Error("effect failed after the inbox row");
      return true;
    });

  const effects = async (eventId: string) =>
    Number((await pool.query("SELECT count(*) FROM effects WHERE event_id = $1", [eventId])).rows[0].count);

  it("lets a redelivered event have no second effect", async () => {
    const eventId = randomUUID();
    expect(await handle("ordering.catalog", eventId)).toBe(true);
    expect(await handle("ordering.catalog", eventId)).toBe(false);
    expect(await effects(eventId)).toBe(1);
  });

  it("keeps subscriptions apart: the same event is handled once by each", async () => {
    const eventId = randomUUID();
    expect(await handle("ordering.catalog", eventId)).toBe(true);
    expect(await handle("ordering.billing", eventId)).toBe(true);
    expect(await effects(eventId)).toBe(2);
  });

  it("forgets the record when the effect rolls back, so the redelivery does the work", async () => {
    const eventId = randomUUID();
    await expect(handle("ordering.catalog", eventId, true)).rejects.toThrow("effect failed");
    expect(await effects(eventId)).toBe(0);
    expect(await handle("ordering.catalog", eventId)).toBe(true);
    expect(await effects(eventId)).toBe(1);
  });

  it("holds under concurrent deliveries of one event: exactly one effect", async () => {
    const eventId = randomUUID();
    const results = await Promise.all(Array.from({ length: 6 }, () => handle("ordering.shipping", eventId)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await effects(eventId)).toBe(1);
  });

  it("works through a Prisma-shaped executor ($executeRawUnsafe / $queryRawUnsafe)", async () => {
    const calls: string[] = [];
    const client = await pool.connect();
    try {
      const inner = pgExecutor(client);
      const prismaLike: SqlExecutor = {
        $executeRawUnsafe: (query, ...values) => {
          calls.push(query);
          return inner.$executeRawUnsafe(query, ...values);
        },
        $queryRawUnsafe: (query, ...values) => inner.$queryRawUnsafe(query, ...values),
      };
      const eventId = randomUUID();
      expect(await recordInboxOnce(prismaLike, "customer.ordering", eventId)).toBe(true);
      expect(await recordInboxOnce(prismaLike, "customer.ordering", eventId)).toBe(false);
      expect(calls).toHaveLength(2);
    } finally {
      client.release();
    }
  });

  it("prunes records older than the retention", async () => {
    const old = randomUUID();
    await pool.query(
      "INSERT INTO messaging_inbox (subscription, event_id, handled_at) VALUES ('x.y', $1, now() - interval '40 days')",
      [old],
    );
    expect(await pruneInbox(pgExecutor(pool), new Date(Date.now() - 30 * 86_400_000))).toBeGreaterThanOrEqual(
      1,
    );
    expect((await pool.query("SELECT 1 FROM messaging_inbox WHERE event_id = $1", [old])).rows).toEqual([]);
  });
});
