import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendToOutbox, type EventBus, pgExecutor } from "@ecommerce/messaging";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { AuthConfigError, ConfigError, startService } from "../src/index.ts";
import {
  PROBE_SUBSCRIPTION,
  type ProbeOptions,
  probeOwnMigrations,
  probeSpec,
} from "./fixtures/probe-service.ts";
import { customerEvents } from "./support/events.ts";
import { connectionsNamed, query, runnerDatabases, testBus } from "./support/runner-env.ts";
import { tcpProxy } from "./support/tcp-proxy.ts";
import { waitFor } from "./support/wait-for.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

// Each test starts services on fresh databases (pg-boss installs itself on the bus database): slow on
// a busy host, hence the longer limits.
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function start(env: NodeJS.ProcessEnv, instance: string, extra: Partial<ProbeOptions> = {}) {
  const reports: string[] = [];
  const running = await startService(
    probeSpec({ instance, report: (event) => reports.push(event), ...extra }),
    env,
  );
  cleanup.push(() => running.stop());
  return { ...running, reports };
}

/** Lets new connections into the database in `url`, or refuses them and ends those open. */
async function allowConnections(url: string, allow: boolean): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  await query(admin.toString(), `ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${allow}`);
  if (!allow) {
    await query(
      admin.toString(),
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
      [name],
    );
  }
}

/** Writes one event to the service's outbox, as a command's transaction would; returns its id. */
async function outboxRow(url: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const events = customerEvents(1);
  try {
    await appendToOutbox(pgExecutor(pool), events);
  } finally {
    await pool.end();
  }
  return events[0]?.id as string;
}

describe("a read-only instance (SERVICE_ROLE=read)", { timeout: 120_000 }, () => {
  it("starts no bus, no consumer and no relay; a write instance beside it does all three", async () => {
    const dbs = await runnerDatabases();
    cleanup.push(() => dbs.drop());

    const reader = await start({ ...dbs.env, SERVICE_ROLE: "read" }, "reader");
    expect(reader.bus).toBeUndefined();
    expect(reader.relay).toBeUndefined();
    expect(reader.reports).not.toContain("subscribed");
    // Started means started: a relay or a bus would hold these connections by now.
    const relayed = await outboxRow(dbs.service.url);
    expect(await connectionsNamed(dbs.service.url, "outbox-relay")).toBe(0);
    expect(await connectionsNamed(dbs.bus.url, "event-bus")).toBe(0);
    const ready = await reader.built.app.inject({ method: "GET", url: "/health/ready" });
    expect(Object.keys(ready.json().checks).sort()).toEqual(["database", "migrations"]);

    // The same service as a write instance consumes and relays: what the reader did not.
    const bus: EventBus = await testBus(dbs.env);
    cleanup.push(() => bus.stop());
    const events = customerEvents(5);
    await bus.publish(events);
    const writer = await start({ ...dbs.env, SERVICE_ROLE: "write" }, "writer");
    expect(writer.subscriptions).toEqual([PROBE_SUBSCRIPTION]);
    // The published events, and the outbox's once the writer's relay has published it (it is
    // addressed to the same subscription).
    const expected = [...events.map((e) => e.id), relayed].sort();
    const handled = async () =>
      (await query<{ event_id: string }>(dbs.service.url, "SELECT event_id FROM probe_handled")).map(
        (r) => r.event_id,
      );
    await waitFor(
      async () => (await handled()).length >= expected.length,
      "the writer to handle every event",
      60_000,
    );
    expect((await handled()).sort()).toEqual(expected);
    await waitFor(
      async () => {
        const [row] = await query<{ n: number }>(
          dbs.service.url,
          "SELECT count(*)::int AS n FROM messaging_outbox WHERE sent_at IS NULL",
        );
        return row?.n === 0;
      },
      "the writer's relay to publish the outbox",
      60_000,
    );
    const handlers = await query<{ instance: string }>(
      dbs.service.url,
      "SELECT DISTINCT instance FROM probe_handled",
    );
    expect(handlers).toEqual([{ instance: "writer" }]);
    expect(await connectionsNamed(dbs.service.url, "outbox-relay")).toBeGreaterThan(0);
  });
});

describe("readiness", { timeout: 120_000 }, () => {
  it("names each failing check: redis, bus, relay, migrations, database", async () => {
    const dbs = await runnerDatabases();
    cleanup.push(() => dbs.drop());
    const redis = await tcpProxy(REDIS_URL);
    cleanup.push(() => redis.cut());
    const migrations = mkdtempSync(join(tmpdir(), "probe-migrations-"));
    cpSync(probeOwnMigrations, migrations, { recursive: true });
    const running = await start({ ...dbs.env, REDIS_URL: redis.url, RELAY_MAX_LAG_SECONDS: "1" }, "ready", {
      ownMigrations: migrations,
    });
    const app = running.built.app;
    const failing = async () => {
      const response = await app.inject({ method: "GET", url: "/health/ready" });
      const checks = response.json().checks as Record<string, { status: string }>;
      const failed = Object.keys(checks).filter((name) => checks[name]?.status !== "ok");
      expect(response.statusCode).toBe(failed.length === 0 ? 200 : 503);
      return failed.sort().join(",");
    };
    expect(await failing()).toBe("");
    const response = await app.inject({ method: "GET", url: "/health/ready" });
    expect(Object.keys(response.json().checks).sort()).toEqual([
      "bus",
      "database",
      "migrations",
      "redis",
      "relay",
    ]);

    await redis.cut();
    await waitFor(async () => (await failing()) === "redis", "redis to fail alone", 60_000);

    await allowConnections(dbs.bus.url, false);
    cleanup.push(() => allowConnections(dbs.bus.url, true));
    await waitFor(async () => (await failing()) === "bus,redis", "the bus to fail too", 60_000);

    // An event waiting while the bus is down: the relay cannot publish it.
    await outboxRow(dbs.service.url);
    await waitFor(async () => (await failing()) === "bus,redis,relay", "the relay to fail too", 60_000);

    mkdirSync(join(migrations, "20990101000000_later"));
    writeFileSync(join(migrations, "20990101000000_later", "migration.sql"), "SELECT 1;");
    await waitFor(
      async () => (await failing()) === "bus,migrations,redis,relay",
      "migrations to fail too",
      60_000,
    );

    await allowConnections(dbs.service.url, false);
    cleanup.push(() => allowConnections(dbs.service.url, true));
    await waitFor(
      async () => (await failing()) === "bus,database,migrations,redis,relay",
      "the database to fail too",
      60_000,
    );
  });
});

describe("cache mode at start", { timeout: 120_000 }, () => {
  it("refuses an in-process cache in production unless CACHE_MODE=memory says so", async () => {
    const dbs = await runnerDatabases();
    cleanup.push(() => dbs.drop());
    const production = { ...dbs.env, NODE_ENV: "production" };

    const refused = startService(probeSpec({ instance: "prod" }), production);
    await expect(refused).rejects.toThrow(ConfigError);
    await expect(refused).rejects.toThrow(/no REDIS_URL in production.*CACHE_MODE=memory/);
    // Refused before anything was touched: nothing was migrated.
    expect(await query(dbs.service.url, "SELECT to_regclass('schema_migrations') AS t")).toEqual([
      { t: null },
    ]);

    const chosen = await start({ ...production, CACHE_MODE: "memory" }, "prod");
    expect(chosen.cache?.kind).toBe("memory");
    const withRedis = await start({ ...production, REDIS_URL }, "prod");
    expect(withRedis.cache?.kind).toBe("redis");
  });

  it("refuses to start in production without authentication settings, before touching anything", async () => {
    const dbs = await runnerDatabases();
    cleanup.push(() => dbs.drop());
    const { AUTH_ISSUER: _i, AUTH_AUDIENCE: _a, AUTH_JWKS_FILE: _f, ...withoutAuth } = dbs.env;
    const refused = startService(probeSpec({ instance: "prod" }), {
      ...withoutAuth,
      NODE_ENV: "production",
      REDIS_URL,
    });
    await expect(refused).rejects.toThrow(AuthConfigError);
    await expect(refused).rejects.toThrow(/^authentication is not configured: set AUTH_ISSUER/);
    expect(await query(dbs.service.url, "SELECT to_regclass('schema_migrations') AS t")).toEqual([
      { t: null },
    ]);
  });

  it("refuses CACHE_MODE=memory on a read-only or write-only instance (the writes happen elsewhere)", async () => {
    const dbs = await runnerDatabases();
    cleanup.push(() => dbs.drop());
    for (const role of ["read", "write"]) {
      await expect(
        startService(probeSpec({ instance: role }), { ...dbs.env, SERVICE_ROLE: role, CACHE_MODE: "memory" }),
      ).rejects.toThrow(/CACHE_MODE=memory is refused with SERVICE_ROLE/);
    }
    const off = await start({ ...dbs.env, SERVICE_ROLE: "read" }, "read");
    expect(off.cache?.kind).toBe("off");
  });
});
