import { appendToOutbox, pgExecutor } from "@ecommerce/messaging";
import { type PasswordServer, startPasswordServer } from "@ecommerce/test-support";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  entraTokenPassword,
  migrate,
  POSTGRES_ENTRA_SCOPE,
  pgPoolConfig,
  startService,
  TOKEN_CONNECTION_LIFETIME_SECONDS,
} from "../src/index.ts";
import { probeSpec } from "./fixtures/probe-service.ts";
import { customerEvents } from "./support/events.ts";
import { FakeTokenCredential } from "./support/fake-token-credential.ts";
import { waitFor } from "./support/wait-for.ts";

// The local server trusts every connection and never asks for a password: these tests run against
// a server of their own that does. The role `app` stands for the managed identity: the server takes
// as its password the token the fake credential issues next (`accept`), so only that token gets in.
let server: PasswordServer;
let admin: pg.Client;

beforeAll(async () => {
  server = await startPasswordServer();
  admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("CREATE ROLE app LOGIN CREATEDB");
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

/** From now on the server takes the credential's next token, and no other. */
async function accept(fake: FakeTokenCredential): Promise<FakeTokenCredential> {
  await admin.query(`ALTER ROLE app PASSWORD '${fake.next}'`);
  return fake;
}

const credential = () => accept(new FakeTokenCredential());

const appUrl = (database = "postgres") => `postgres://app@${server.host}:${server.port}/${database}`;

async function backendsOfApp(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'app'",
  );
  return rows[0]?.n ?? 0;
}

describe("DATABASE_AUTH=entra against a server that demands a password", () => {
  it("is refused without a token: the server really checks", async () => {
    const client = new pg.Client({ connectionString: appUrl() });
    await expect(client.connect()).rejects.toThrow(/password/);
  });

  it("asks for a password on each new physical connection, with PostgreSQL's Entra scope", async () => {
    const fake = await credential();
    const config = pgPoolConfig({
      url: appUrl(),
      max: 3,
      password: entraTokenPassword(fake, { refreshMarginMs: 0 }),
    });
    const asked: number[] = [];
    const password = config.password as () => Promise<string>;
    config.password = () => {
      asked.push(asked.length);
      return password();
    };
    expect(config.maxLifetimeSeconds).toBe(TOKEN_CONNECTION_LIFETIME_SECONDS);
    const pool = new pg.Pool(config);
    try {
      const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
      expect(await backendsOfApp()).toBe(3);
      for (const client of clients) client.release();
      // Reusing a pooled connection asks for nothing.
      await pool.query("SELECT 1");
      expect(asked).toHaveLength(3);
      // One token served the three: it is kept until it expires.
      expect(fake.issued).toHaveLength(1);
      expect(fake.scopes).toEqual([POSTGRES_ENTRA_SCOPE]);
    } finally {
      await pool.end();
    }
  });

  it("fetches a new token for new connections once the old one has expired; open connections go on", async () => {
    const fake = await credential();
    const pool = new pg.Pool(
      pgPoolConfig({ url: appUrl(), max: 2, password: entraTokenPassword(fake, { refreshMarginMs: 0 }) }),
    );
    try {
      const first = await pool.connect();
      expect(fake.issued).toHaveLength(1);
      // The token expires; the server now takes only a new one (its password changes with the next token).
      fake.expireLatest();
      await accept(fake);
      const second = await pool.connect();
      expect(fake.issued).toHaveLength(2);
      expect(fake.scopes).toEqual([POSTGRES_ENTRA_SCOPE, POSTGRES_ENTRA_SCOPE]);
      // A connection opened with the expired token is refused now: only the refreshed one works.
      const stale = new pg.Client({ connectionString: appUrl(), password: fake.issued[0]?.token });
      await expect(stale.connect()).rejects.toThrow(/password/);
      expect((await first.query("SELECT 1 AS one")).rows[0]).toEqual({ one: 1 });
      expect((await second.query("SELECT 1 AS one")).rows[0]).toEqual({ one: 1 });
      first.release();
      second.release();
    } finally {
      await pool.end();
    }
  });

  it("refreshes a token a margin before it expires", async () => {
    const fake = await credential();
    const password = entraTokenPassword(fake, { refreshMarginMs: 2 * 3_600_000 });
    // Tokens live one hour, less than the margin: every call needs a fresh one.
    const a = await password();
    const b = await password();
    expect(a).not.toBe(b);
    expect(fake.issued).toHaveLength(2);
  });

  it("migrates with a token", async () => {
    const fake = await credential();
    await admin.query("CREATE DATABASE migrate_entra OWNER app");
    const applied = await migrate({
      databaseUrl: appUrl("migrate_entra"),
      sources: [new URL("./fixtures/probe-migrations", import.meta.url).pathname],
      password: entraTokenPassword(fake),
    });
    expect(applied.length).toBeGreaterThan(0);
    expect(fake.scopes).toEqual([POSTGRES_ENTRA_SCOPE]);
  });
});

describe("the runner with DATABASE_AUTH=entra", () => {
  const env = (database: string) => ({
    NODE_ENV: "test",
    PORT: "0",
    LOG_LEVEL: "silent",
    CACHE_MODE: "off",
    DATABASE_AUTH: "entra",
    DATABASE_URL: appUrl(database),
    BUS_DATABASE_URL: appUrl(`${database}_bus`),
    BUS_POLL_INTERVAL_SECONDS: "0.5",
  });

  it("creates, migrates and serves its database, relays its outbox and runs pg-boss, all with tokens", async () => {
    const fake = await credential();
    await admin.query("CREATE DATABASE runner_entra_bus OWNER app");
    const running = await startService(probeSpec({ instance: "entra" }), env("runner_entra"), {
      azure: { credential: fake },
    });
    const owner = new pg.Pool({
      connectionString: `postgres://postgres:postgres@${server.host}:${server.port}/runner_entra`,
      max: 1,
    });
    try {
      // Outbox (written as a command would) → relay → pg-boss → the probe's handler on its pool.
      const events = customerEvents(1);
      await appendToOutbox(pgExecutor(owner), events);
      await waitFor(
        async () =>
          (await owner.query("SELECT 1 FROM probe_handled WHERE event_id = $1", [events[0]?.id])).rowCount ===
          1,
        "the event relayed, delivered and handled",
      );
      const { rows } = await admin.query<{ name: string }>(
        "SELECT DISTINCT application_name AS name FROM pg_stat_activity WHERE usename = 'app'",
      );
      expect(rows.map((r) => r.name)).toEqual(
        expect.arrayContaining(["outbox-relay", "outbox-relay-listener", "event-bus"]),
      );
      const ready = await running.built.app.inject({ method: "GET", url: "/health/ready" });
      expect(ready.json()).toMatchObject({
        status: "ok",
        checks: { bus: { status: "ok" }, relay: { status: "ok" } },
      });
      expect(fake.scopes.length).toBeGreaterThan(0);
      expect(new Set(fake.scopes)).toEqual(new Set([POSTGRES_ENTRA_SCOPE]));
    } finally {
      await running.stop();
      await owner.end();
    }
  });

  it("refuses a DATABASE_URL that carries a password, naming the setting and not the password", async () => {
    const fake = new FakeTokenCredential();
    const withPassword = {
      ...env("refused"),
      DATABASE_URL: `postgres://app:Hunter2-secret@${server.host}:${server.port}/x`,
    };
    const start = startService(probeSpec({ instance: "refused" }), withPassword, {
      azure: { credential: fake },
    });
    await expect(start).rejects.toThrow(/DATABASE_URL carries a password while DATABASE_AUTH=entra/);
    await expect(start).rejects.not.toThrow(/Hunter2/);
    expect(fake.issued).toHaveLength(0);
  });
});
