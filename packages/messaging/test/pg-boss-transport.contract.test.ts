import type { EventBus } from "../src/event-bus.ts";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import { eventBusContract } from "./support/event-bus-contract.ts";
import { createBusDatabase, postgresBusConfig } from "./support/postgres-bus.ts";
import { testLogger } from "./support/test-logger.ts";

eventBusContract({
  name: "postgres (pg-boss on real PostgreSQL)",
  maxDeliveries: 3,
  async namespace() {
    const database = await createBusDatabase();
    const buses: EventBus[] = [];
    return {
      async createBus() {
        const bus = new PgBossEventBus(postgresBusConfig(database.url), testLogger);
        await bus.start();
        buses.push(bus);
        return bus;
      },
      async teardown() {
        await Promise.all(buses.map((bus) => bus.stop()));
        await database.drop();
      },
    };
  },
});
