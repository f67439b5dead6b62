import { randomUUID } from "node:crypto";
import type { TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RetryPolicy } from "../src/bus-config.ts";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import { orderConfirmed } from "./support/events.ts";
import { createBusDatabase, postgresBusConfig } from "./support/postgres-bus.ts";
import { testLogger } from "./support/test-logger.ts";
import { waitFor } from "./support/wait-for.ts";

interface RetryRow {
  state: string;
  retry_count: number;
  retry_limit: number;
  retry_delay: number;
  retry_backoff: boolean;
  retry_delay_max: number | null;
  /** Seconds from the failed delivery's start to the next one's earliest start. */
  wait: number;
}

// Retries on postgres are pg-boss's: the delays are computed in the database when a delivery fails.
// Whole seconds only (pg-boss's unit), so this file takes a few seconds of real time.
describe("postgres transport: retry delays", () => {
  let database: TestDatabase;
  let sql: pg.Client;
  const buses: PgBossEventBus[] = [];

  async function consumer(retry: RetryPolicy, handler = async () => undefined): Promise<PgBossEventBus> {
    const bus = new PgBossEventBus(postgresBusConfig(database.url, { retry }), testLogger);
    buses.push(bus);
    await bus.subscribe("ordering.catalog", handler);
    return bus;
  }

  async function queueRetry() {
    const { rows } = await sql.query(
      "SELECT retry_limit, retry_delay, retry_backoff, retry_delay_max FROM pgboss.queue WHERE name = 'ordering.catalog'",
    );
    return rows[0];
  }

  async function job(id: string): Promise<RetryRow | undefined> {
    const { rows } = await sql.query(
      `SELECT state, retry_count, retry_limit, retry_delay, retry_backoff, retry_delay_max,
              EXTRACT(EPOCH FROM start_after - started_on)::float8 AS wait
         FROM pgboss.job WHERE name = 'ordering.catalog' AND id = $1`,
      [id],
    );
    return rows[0];
  }

  beforeEach(async () => {
    database = await createBusDatabase();
    sql = new pg.Client({ connectionString: database.url });
    sql.on("error", () => undefined);
    await sql.connect();
  });

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.stop()));
    await sql.end();
    await database.drop();
  });

  it("waits longer after each failed delivery, exponentially, up to the cap", async () => {
    const bus = await consumer({ maxDeliveries: 4, delaySeconds: 1, maxDelaySeconds: 2, backoff: true }, () =>
      Promise.reject(new Error("warehouse database unavailable")),
    );
    // The consumer's policy is its queue's, and each job takes it when it is queued.
    expect(await queueRetry()).toEqual({
      retry_limit: 3,
      retry_delay: 1,
      retry_backoff: true,
      retry_delay_max: 2,
    });

    const event = orderConfirmed(randomUUID(), "c");
    await bus.publish([event]);
    const waits: number[] = [];
    for (let failed = 1; failed <= 3; failed++) {
      // A failed delivery puts the job in `retry` until its next start (retry_count counts the
      // deliveries before the failed one); that state lasts a second at least, so polling sees it.
      const row = await waitFor(`failed delivery ${failed} to be scheduled again`, async () => {
        const current = await job(event.id);
        return current?.state === "retry" && current.retry_count === failed - 1 ? current : undefined;
      });
      expect(row).toMatchObject({ retry_delay: 1, retry_backoff: true, retry_delay_max: 2 });
      waits.push(row.wait);
    }

    // pg-boss waits delay × 2^(n-1) × (1 + random) after the n-th failure, capped: [1, 2) s, then
    // 2 s, then 2 s again. Each wait also holds the few ms from the delivery's start to its failure,
    // so only lower bounds are exact: a fixed delay would give the second wait about 1 s, not 2.
    expect(waits[0]).toBeGreaterThanOrEqual(1);
    expect(waits[1]).toBeGreaterThanOrEqual(2);
    expect(waits[2]).toBeGreaterThanOrEqual(2);
    // Uncapped, the third wait would be 4 s or more.
    expect(waits[2]).toBeLessThan(4);
  });

  it("switches a subscription to fixed delays when its consumer is configured so", async () => {
    await consumer({ maxDeliveries: 4, delaySeconds: 1, maxDelaySeconds: 2, backoff: true });
    expect(await queueRetry()).toMatchObject({ retry_backoff: true, retry_delay_max: 2 });

    await consumer({ maxDeliveries: 3, delaySeconds: 5, maxDelaySeconds: 60, backoff: false });
    expect(await queueRetry()).toMatchObject({ retry_limit: 2, retry_delay: 5, retry_backoff: false });
  });
});
