import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@ecommerce/contracts";
import type { TestDatabase } from "@ecommerce/test-support";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import { orderConfirmed } from "./support/events.ts";
import { createBusDatabase, postgresBusConfig } from "./support/postgres-bus.ts";
import { testLogger } from "./support/test-logger.ts";
import { waitFor } from "./support/wait-for.ts";

const SUBSCRIPTION = "ordering.catalog";

function startHangingConsumer(databaseUrl: string): {
  child: ChildProcess;
  taken: Set<string>;
  ready: Promise<void>;
} {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      new URL("./fixtures/hanging-consumer.ts", import.meta.url).pathname,
      databaseUrl,
      SUBSCRIPTION,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const taken = new Set<string>();
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) {
      if (line === "ready") resolveReady();
      if (line.startsWith("taken ")) taken.add(line.slice(6));
    }
  });
  return { child, taken, ready };
}

// A consumer holds its jobs on a lease it renews while it lives (BUS_LEASE_SECONDS, pg-boss's
// heartbeat), so a killed consumer's work goes to a live one once the lease lapses, long before the
// handler timeout (here 600 s in the killed process).
describe("postgres transport: a dead consumer's leases", () => {
  let database: TestDatabase;
  let publisher: PgBossEventBus;
  let survivor: PgBossEventBus | undefined;
  let hanging: ChildProcess | undefined;

  beforeEach(async () => {
    database = await createBusDatabase();
    publisher = new PgBossEventBus(postgresBusConfig(database.url), testLogger);
    await publisher.start();
  });
  afterEach(async () => {
    hanging?.kill("SIGKILL");
    await survivor?.stop();
    await publisher.stop();
    await database.drop();
  });

  it("hands the jobs of a SIGKILLed consumer to a live one within the lease, each handled once", async () => {
    const consumer = startHangingConsumer(database.url);
    hanging = consumer.child;
    await consumer.ready;
    const events: EventEnvelope[] = Array.from({ length: 5 }, () =>
      orderConfirmed(randomUUID(), randomUUID()),
    );
    await publisher.publish(events);
    await waitFor("the doomed consumer to hold every event", () => consumer.taken.size === events.length, {
      timeoutMs: 20_000,
    });

    consumer.child.kill("SIGKILL");
    const handled: string[] = [];
    survivor = new PgBossEventBus(postgresBusConfig(database.url), testLogger);
    await survivor.subscribe(SUBSCRIPTION, async (event) => {
      handled.push(event.id);
    });

    // Lease 10 s, renewed every 2 s, swept every 2 s, then the first retry: within 20 s, where the
    // handler timeout alone (600 s in the killed process) would have held them for ten minutes.
    await waitFor("a live consumer to get the dead one's events", () => handled.length >= events.length, {
      timeoutMs: 20_000,
    });
    expect(new Set(handled)).toEqual(new Set(events.map((e) => e.id)));
    expect(handled).toHaveLength(events.length);
  });
});
