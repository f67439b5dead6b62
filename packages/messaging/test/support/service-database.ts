import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { messagingMigrationsDir } from "../../src/migrations-dir.ts";
import { applyMessagingMigrations } from "../../src/testing/index.ts";

const SERVICE_TABLES = `
  CREATE TABLE orders (id uuid PRIMARY KEY, status text NOT NULL, version int NOT NULL DEFAULT 1);
  CREATE TABLE effects (event_id uuid NOT NULL, subject text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp());
`;

function migrationsFingerprint(): string {
  return readdirSync(messagingMigrationsDir)
    .sort()
    .map((folder) => readFileSync(join(messagingMigrationsDir, folder, "migration.sql"), "utf8"))
    .join("\n");
}

/**
 * A service's own database: the messaging migrations plus a small table standing for aggregates
 * (orders) and one recording a consumer's effects without any uniqueness, so a second effect shows.
 */
export function createServiceDatabase(): Promise<TestDatabase> {
  return createTestDatabase({
    prefix: "svc",
    template: {
      key: "messaging-service",
      fingerprint: `${migrationsFingerprint()}\n${SERVICE_TABLES}`,
      async prepare(url) {
        await applyMessagingMigrations(url);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(SERVICE_TABLES);
        await client.end();
      },
    },
  });
}

/** Runs `work` in a transaction on a pooled client. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

/**
 * A pool for a test's own queries. Dropping the database (WITH FORCE) can overtake a client that
 * the pool is still closing, whose connection then reports the termination: that is not a failure.
 */
export function testPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on("connect", (client) => client.on("error", () => undefined));
  pool.on("error", () => undefined);
  return pool;
}
