import { randomUUID } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topology } from "@ecommerce/contracts";
import type { TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliIo, runBusCli } from "../src/cli/bus-cli-commands.ts";
import { PermanentFailure } from "../src/permanent-failure.ts";
import { emulatorConfig } from "../src/transports/azure/emulator-config.ts";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import { orderConfirmed } from "./support/events.ts";
import { FakeServiceBusNamespace } from "./support/fake-service-bus.ts";
import { createBusDatabase, postgresBusConfig } from "./support/postgres-bus.ts";
import { testLogger } from "./support/test-logger.ts";
import { waitFor } from "./support/wait-for.ts";

async function cli(argv: string[], overrides: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runBusCli(argv, {
    env: {},
    cwd: process.cwd(),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    ...overrides,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("bus CLI", () => {
  let database: TestDatabase;
  let bus: PgBossEventBus;
  let env: Record<string, string>;
  const handled: string[] = [];
  let refuse = true;

  beforeAll(async () => {
    database = await createBusDatabase();
    env = {
      BUS_DATABASE_URL: database.url,
      BUS_MAX_DELIVERIES: "3",
      BUS_RETRY_DELAY_SECONDS: "0",
      BUS_POLL_INTERVAL_SECONDS: "0.5",
    };
    bus = new PgBossEventBus(postgresBusConfig(database.url), testLogger);
    await bus.start();
    await bus.subscribe("ordering.catalog", async (event) => {
      if (refuse) throw new PermanentFailure("UnknownWarehouse", "warehouse 42\ndoes not exist");
      handled.push(event.id);
    });
  });

  afterAll(async () => {
    await bus.stop();
    await database.drop();
  });

  it("lists, then replays, the dead letters of a subscription", async () => {
    const event = orderConfirmed(randomUUID(), "req-cli");
    await bus.publish([event]);
    await waitFor("the dead letter", async () => (await bus.deadLetters("ordering.catalog")).length === 1);

    const listed = await cli(["dead-letters", "list", "ordering.catalog"], { env });
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(
      `ecommerce.ordering.order-confirmed.v1  subject=${event.subject}  event=${event.id}`,
    );
    expect(listed.out).toContain("UnknownWarehouse: warehouse 42 does not exist");
    expect(listed.out).toMatch(/1 dead letter\(s\) on ordering.catalog$/);

    const json = await cli(["dead-letters", "list", "ordering.catalog", "--json"], { env });
    expect(JSON.parse(json.out)).toMatchObject([
      { subscription: "ordering.catalog", reason: "UnknownWarehouse", event },
    ]);

    refuse = false;
    const replayed = await cli(["dead-letters", "replay", "ordering.catalog"], { env });
    expect(replayed).toMatchObject({ code: 0 });
    expect(replayed.out).toBe("replaying dead letters of ordering.catalog...\nreplayed 1 dead letter(s)");
    await waitFor("the replayed event", () => handled.includes(event.id));
    expect((await cli(["dead-letters", "list", "ordering.catalog"], { env })).out).toBe(
      "0 dead letter(s) on ordering.catalog",
    );
  });

  it("discards by id and says when an id was not a dead letter", async () => {
    refuse = true;
    const event = orderConfirmed(randomUUID(), "req-cli-2");
    await bus.publish([event]);
    const [letter] = await waitFor("the dead letter", async () => {
      const letters = await bus.deadLetters("ordering.catalog");
      return letters.length ? letters : undefined;
    });
    const result = await cli(
      ["dead-letters", "discard", "ordering.catalog", "--id", letter!.id, "--id", randomUUID()],
      {
        env,
      },
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain("discarded 1 dead letter(s)");
    expect(result.err).toContain("1 of the given ids were not dead letters of ordering.catalog");
  });

  it("explains what is wrong with the command line, with exit code 2", async () => {
    expect(await cli([])).toMatchObject({ code: 2 });
    const unknown = await cli(["dead-letters", "list", "ordering.ordering"], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^error: unknown subscription "ordering.ordering"/);
    expect((await cli(["frobnicate"])).err).toMatch(/^error: unknown command "frobnicate"/);
    expect((await cli(["dead-letters", "purge", "ordering.catalog"])).err).toContain(
      "needs list, replay or discard",
    );
    expect((await cli(["dead-letters", "discard", "ordering.catalog"])).err).toContain(
      "discard needs at least one --id",
    );
    expect((await cli(["dead-letters", "list", "ordering.catalog", "--limit", "-3"])).code).toBe(2);
    expect((await cli(["dead-letters", "list", "ordering.catalog", "--bogus"])).code).toBe(2);
  });

  it("fails with the configuration's message when the environment is incomplete", async () => {
    const result = await cli(["dead-letters", "list", "ordering.catalog"], { env: {} });
    expect(result.code).toBe(1);
    expect(result.err).toContain("BUS_DATABASE_URL is required when BUS_TRANSPORT=postgres");
  });

  it("writes the emulator config where asked, relative to the caller's folder", async () => {
    const folder = await mkdtemp(join(tmpdir(), "bus-cli-"));
    const result = await cli(["emulator-config", "--max-deliveries", "3", "--out", "Config.json"], {
      cwd: folder,
    });
    expect(result).toMatchObject({ code: 0, err: `wrote ${join(folder, "Config.json")}` });
    expect(JSON.parse(await readFile(join(folder, "Config.json"), "utf8"))).toEqual(
      emulatorConfig(topology, { maxDeliveries: 3 }),
    );
  });

  it("provisions: queues on postgres, entities on Azure with progress", async () => {
    // The command is where stale routes go (a bus's start only adds); a missing one comes back.
    const placed = "ecommerce.ordering.order-placed.v1";
    const cancelled = "ecommerce.ordering.order-cancelled.v1";
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    try {
      await sql.query("INSERT INTO pgboss.subscription (event, name) VALUES ($1, 'ordering.catalog')", [
        placed,
      ]);
      await sql.query("DELETE FROM pgboss.subscription WHERE event = $1 AND name = 'ordering.billing'", [
        cancelled,
      ]);
      expect(await cli(["provision"], { env })).toEqual({
        code: 0,
        out: [
          `routed ${cancelled} to ordering.billing`,
          `removed route ${placed} to ordering.catalog, which the topology no longer declares`,
          "2 change(s)",
        ].join("\n"),
        err: "",
      });
      const { rows } = await sql.query("SELECT name FROM pgboss.subscription WHERE event = $1", [placed]);
      expect(rows).toEqual([]);
      expect((await cli(["provision"], { env })).out).toBe(
        `the bus database already matches the topology (${topology.subscriptions.length} subscriptions)`,
      );
    } finally {
      await sql.end();
    }

    const namespace = new FakeServiceBusNamespace();
    const azureEnv = { BUS_TRANSPORT: "azure-service-bus", SERVICEBUS_FQDN: "shop.servicebus.windows.net" };
    const first = await cli(["provision"], { env: azureEnv, createAdmin: () => namespace.admin });
    expect(first.code).toBe(0);
    expect(first.out.split("\n")[0]).toBe("created topic customer");
    expect(first.out).toMatch(/\d+ change\(s\)$/);
    const second = await cli(["provision"], { env: azureEnv, createAdmin: () => namespace.admin });
    expect(second.out).toBe("namespace already matches the topology");

    // Drift it cannot repair fails the command, naming it, so a deploy stops there.
    const drifted = new FakeServiceBusNamespace();
    await drifted.admin.createTopic("ordering", { requiresDuplicateDetection: false });
    const refused = await cli(["provision"], { env: azureEnv, createAdmin: () => drifted.admin });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("DRIFT: topic ordering has duplicate detection off");
    expect(refused.err).toMatch(
      /^error: the namespace has drifted from the topology .*topic ordering has duplicate detection off/,
    );
  });
});
