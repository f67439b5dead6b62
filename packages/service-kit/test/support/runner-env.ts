import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { busConfigFromEnv, createEventBus, type EventBus } from "@ecommerce/messaging";
import { createTestDatabase, type TestDatabase, testIssuer } from "@ecommerce/test-support";
import pg from "pg";
import pino from "pino";

/** A service database (empty: the runner migrates it) and a bus database, dropped by `drop`. */
export async function runnerDatabases(): Promise<{
  service: TestDatabase;
  bus: TestDatabase;
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}> {
  const [service, bus] = await Promise.all([
    createTestDatabase({ prefix: "runner" }),
    createTestDatabase({ prefix: "runner_bus" }),
  ]);
  return {
    service,
    bus,
    env: {
      NODE_ENV: "test",
      PORT: "0",
      LOG_LEVEL: "silent",
      DATABASE_URL: service.url,
      BUS_DATABASE_URL: bus.url,
      // Short polls and immediate retries keep the tests quick.
      BUS_POLL_INTERVAL_SECONDS: "0.5",
      BUS_RETRY_DELAY_SECONDS: "0",
      BUS_MAX_DELIVERIES: "3",
      ...(await authEnv()),
    },
    drop: async () => {
      await Promise.all([service.drop(), bus.drop()]);
    },
  };
}

/** AUTH_* naming test-support's issuer, its JWKS in a file, as a deployment would. */
export async function authEnv(): Promise<NodeJS.ProcessEnv> {
  const issuer = await testIssuer();
  const file = join(mkdtempSync(join(tmpdir(), "runner-auth-")), "jwks.json");
  writeFileSync(file, JSON.stringify(issuer.jwks));
  return { AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: issuer.audience, AUTH_JWKS_FILE: file };
}

/** A publisher of the test's own on the bus database. */
export async function testBus(env: NodeJS.ProcessEnv): Promise<EventBus> {
  const bus = createEventBus(busConfigFromEnv(env), pino({ level: "silent" }));
  await bus.start();
  return bus;
}

/** Runs one query on a fresh connection to `url`. */
export async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Connections to the database in `url` whose application_name is `name` (e.g. outbox-relay). */
export async function connectionsNamed(url: string, name: string): Promise<number> {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const [row] = await query<{ n: number }>(
    url,
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE $2",
    [database, `${name}%`],
  );
  return row?.n ?? 0;
}
