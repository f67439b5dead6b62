import type { EventBus } from "../src/event-bus.ts";
import { InMemoryBroker, InMemoryEventBus } from "../src/testing/index.ts";
import { eventBusContract } from "./support/event-bus-contract.ts";

// The test double passes the same contract, so service tests written against it hold on the real bus.
eventBusContract({
  name: "in-memory test double",
  maxDeliveries: 3,
  async namespace() {
    const broker = new InMemoryBroker({ maxDeliveries: 3 });
    const buses: EventBus[] = [];
    return {
      async createBus() {
        const bus = new InMemoryEventBus(broker);
        buses.push(bus);
        return bus;
      },
      async teardown() {
        await Promise.all(buses.map((bus) => bus.stop()));
      },
    };
  },
});
