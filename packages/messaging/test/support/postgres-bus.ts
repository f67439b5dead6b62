import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { topology } from "@ecommerce/contracts";
import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import type { PostgresBusConfig } from "../../src/bus-config.ts";
import { PgBossEventBus } from "../../src/transports/postgres/pg-boss-transport.ts";
import { testLogger } from "./test-logger.ts";

export function postgresBusConfig(
  databaseUrl: string,
  overrides: Partial<PostgresBusConfig> = {},
): PostgresBusConfig {
  return {
    transport: "postgres",
    databaseUrl,
    // Immediate retries and a short poll keep the suite fast; backoff has its own unit test.
    retry: { maxDeliveries: 3, delaySeconds: 0, maxDelaySeconds: 1, backoff: false },
    pollIntervalSeconds: 0.5,
    handlerTimeoutSeconds: 30,
    leaseSeconds: 10,
    schema: "pgboss",
    ...overrides,
  };
}

/**
 * A fresh bus database: a copy of a template where pg-boss is installed and the topology
 * provisioned once per process, so each test pays for a CREATE DATABASE only.
 */
export function createBusDatabase(): Promise<TestDatabase> {
  return createTestDatabase({
    prefix: "bus",
    template: {
      key: "pgboss-bus",
      // A new pg-boss, topology or queue provisioning makes a new template.
      fingerprint: [
        createRequire(import.meta.url)("pg-boss/package.json").version,
        JSON.stringify(topology),
        JSON.stringify(postgresBusConfig("")),
        readFileSync(new URL("../../src/transports/postgres/pg-boss-queues.ts", import.meta.url), "utf8"),
      ].join("\n"),
      async prepare(url) {
        const bus = new PgBossEventBus(postgresBusConfig(url), testLogger);
        await bus.start();
        await bus.stop();
      },
    },
  });
}
