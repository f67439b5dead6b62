import { randomUUID } from "node:crypto";
import { createEvent, OrderPlaced, type Topology, topology } from "@ecommerce/contracts";
import type { TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import { createBusDatabase, postgresBusConfig } from "./support/postgres-bus.ts";
import { testLogger } from "./support/test-logger.ts";

/** The next contracts version, as a newer instance deployed next to older ones would have it. */
const newerTopology: Topology = {
  topics: topology.topics,
  subscriptions: topology.subscriptions.map((s) =>
    s.name === "ordering.catalog" ? { ...s, eventTypes: [...s.eventTypes, OrderPlaced.type] } : s,
  ),
};

describe("postgres transport: provisioning the bus database", () => {
  let database: TestDatabase;
  let sql: pg.Client;
  const buses: PgBossEventBus[] = [];

  /** A started bus on the test database, as one instance of a service would run it. */
  async function instance(declared: Topology = topology): Promise<PgBossEventBus> {
    const bus = new PgBossEventBus(postgresBusConfig(database.url), testLogger, { topology: declared });
    buses.push(bus);
    await bus.start();
    return bus;
  }

  async function routesOf(type: string): Promise<string[]> {
    const { rows } = await sql.query("SELECT name FROM pgboss.subscription WHERE event = $1 ORDER BY name", [
      type,
    ]);
    return rows.map((row) => row.name);
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

  it("on start, only adds: an older instance leaves the routes a newer version added", async () => {
    await instance(newerTopology);
    expect(await routesOf(OrderPlaced.type)).toEqual(["ordering.catalog"]);
    // A route both versions declare went missing meanwhile: any instance's start puts it back.
    await sql.query("DELETE FROM pgboss.subscription WHERE event = $1 AND name = 'ordering.billing'", [
      "ecommerce.ordering.order-cancelled.v1",
    ]);

    // Rolling deploy: an instance of the previous version (re)starts after the newer one.
    const older = await instance(topology);
    expect(await routesOf(OrderPlaced.type)).toEqual(["ordering.catalog"]);
    expect(await routesOf("ecommerce.ordering.order-cancelled.v1")).toEqual([
      "ordering.billing",
      "ordering.catalog",
      "ordering.shipping",
    ]);

    // And what the older instance publishes still reaches the newer version's subscription.
    const placed = createEvent(
      OrderPlaced,
      { orderId: randomUUID(), customerId: randomUUID() },
      {
        correlationId: "c",
      },
    );
    await older.publish([placed]);
    const { rows } = await sql.query("SELECT name FROM pgboss.job WHERE id = $1", [placed.id]);
    expect(rows).toEqual([{ name: "ordering.catalog" }]);
  });

  it("prunes the routes the topology no longer declares only when asked (the provisioning command)", async () => {
    await instance(newerTopology);
    const older = await instance(topology);
    expect(await older.provision()).toEqual([]);
    expect(await routesOf(OrderPlaced.type)).toEqual(["ordering.catalog"]);

    expect(await older.provision({ prune: true })).toEqual([
      `removed route ${OrderPlaced.type} to ordering.catalog, which the topology no longer declares`,
    ]);
    expect(await routesOf(OrderPlaced.type)).toEqual([]);
    expect(await older.provision({ prune: true })).toEqual([]);
  });

  it("reports what it creates on an empty database", async () => {
    await sql.query("DROP SCHEMA pgboss CASCADE");
    const bus = new PgBossEventBus(postgresBusConfig(database.url), testLogger, { provision: false });
    buses.push(bus);
    const changes = await bus.provision({ prune: true });
    const routes = topology.subscriptions.reduce((n, s) => n + s.eventTypes.length, 0);
    expect(changes).toHaveLength(2 * topology.subscriptions.length + routes);
    expect(changes).toContain("created queue ordering.catalog (key_strict_fifo)");
    expect(changes).toContain("created dead letter queue ordering.catalog.dead-letter");
    expect(changes).toContain("routed ecommerce.ordering.order-confirmed.v1 to ordering.catalog");
  });
});
