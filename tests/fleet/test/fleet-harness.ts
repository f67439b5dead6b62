import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { EventEnvelope } from "@ecommerce/contracts";
import { databaseUrl, dropDatabases, type Fleet, startFleet } from "@ecommerce/dev";
import { busConfigFromEnv, PgBossEventBus } from "@ecommerce/messaging";
import { testServerUrl } from "@ecommerce/test-support";
import pg from "pg";
import pino from "pino";

export interface TestFleet extends Fleet {
  /** The services' output so far (prefixed by service), to print when a test fails. */
  output: string[];
  /** Runs a query on one service's own database (to count what happened, never to change it). */
  sql<T extends Record<string, unknown>>(service: string, text: string, values?: unknown[]): Promise<T[]>;
  /** Puts events on the fleet's bus as if a context had published them (to forge or duplicate one). */
  publish(events: EventEnvelope[]): Promise<void>;
  json<T = Record<string, unknown>>(
    service: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

/**
 * The real services as separate processes on throw-away databases (prefixed, dropped afterwards)
 * and their own ports, so a running dev fleet is not disturbed.
 */
export async function startTestFleet(only: string[], env: NodeJS.ProcessEnv = {}): Promise<TestFleet> {
  const postgresUrl = await testServerUrl();
  const prefix = `e2e_${randomBytes(3).toString("hex")}_`;
  const output: string[] = [];
  let fleet: Fleet;
  try {
    fleet = await startFleet({
      postgresUrl,
      only,
      databasePrefix: prefix,
      portOffset: await freePortOffset(),
      env: {
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
        NODE_ENV: "test",
        BUS_MAX_DELIVERIES: "5",
        ...env,
      },
      output: (service, line) => output.push(`[${service}] ${line}`),
    });
  } catch (error) {
    process.stderr.write(`${output.slice(-40).join("\n")}\n`);
    await dropDatabases(postgresUrl, prefix);
    throw error;
  }
  let staffToken: Promise<string> | undefined;
  return {
    ...fleet,
    output,
    async stop() {
      await fleet.stop();
      await dropDatabases(postgresUrl, prefix);
    },
    async sql(service, text, values = []) {
      const client = new pg.Client({ connectionString: databaseUrl(postgresUrl, `${prefix}${service}`) });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async publish(events) {
      const config = busConfigFromEnv({ BUS_DATABASE_URL: databaseUrl(postgresUrl, `${prefix}bus`) });
      if (config.transport !== "postgres") throw new Error("the test fleet runs on the postgres bus");
      const bus = new PgBossEventBus(config, pino({ level: "silent" }), {
        provision: false,
        maxConnections: 1,
      });
      try {
        await bus.publish(events);
      } finally {
        await bus.stop();
      }
    },
    async json(service, method, path, body) {
      // The end-to-end tests act as staff, through the services' own token verification.
      staffToken ??= fleet.token("e2e-staff", ["admin"]);
      const res = await fetch(`${fleet.url(service)}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await staffToken}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/**
 * An offset at which every fleet port (3000-3005 + offset) is free on this machine: a random one could
 * land a service on a port another server holds (NATS listens on 4222).
 */
async function freePortOffset(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
  for (;;) {
    const offset = 1000 + Math.floor(Math.random() * 400) * 10;
    const ports = [0, 1, 2, 3, 4, 5].map((i) => 3000 + i + offset);
    if ((await Promise.all(ports.map(free))).every(Boolean)) return offset;
  }
}

/** Polls until `check` returns a value (not undefined), or fails with the last state seen. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
