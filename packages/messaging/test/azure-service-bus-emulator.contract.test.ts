import { services, subscriptionsOf } from "@ecommerce/contracts";
import { afterAll, describe, expect, it, vi } from "vitest";
import { busEntitiesOf } from "../src/bus-entities.ts";
import type { EventBus } from "../src/event-bus.ts";
import { AzureServiceBusEventBus } from "../src/transports/azure/azure-service-bus-transport.ts";
import { eventBusContract } from "./support/event-bus-contract.ts";
import { testLogger } from "./support/test-logger.ts";

/**
 * The contract against a real Service Bus: the emulator (or a namespace) at
 * SERVICEBUS_CONNECTION_STRING, with the entities of the topology (the emulator's come from
 * `pnpm bus emulator-config --out Config.json`; a namespace's from `pnpm bus provision`). Where no
 * broker is given it skips, unless SERVICEBUS_EMULATOR_REQUIRED=true (the pipeline, compose), where
 * a missing connection string fails rather than passing by skipping.
 */
const connectionString = process.env.SERVICEBUS_CONNECTION_STRING;
const required = process.env.SERVICEBUS_EMULATOR_REQUIRED === "true";

function busOnTheBroker(url: string): AzureServiceBusEventBus {
  return AzureServiceBusEventBus.fromConfig(
    {
      transport: "azure-service-bus",
      connectionString: url,
      retry: { maxDeliveries: 3, delaySeconds: 0, maxDelaySeconds: 1, backoff: false },
    },
    testLogger,
  );
}

if (connectionString) {
  // A broker over the network: deliveries take longer than in process.
  vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

  eventBusContract({
    name: "azure-service-bus (SERVICEBUS_CONNECTION_STRING)",
    // The bus dead-letters on its third delivery, before the broker's MaxDeliveryCount (5 by default).
    maxDeliveries: 3,
    timeoutMs: 60_000,
    async namespace() {
      const buses: EventBus[] = [];
      return {
        async createBus() {
          const bus = busOnTheBroker(connectionString);
          buses.push(bus);
          return bus;
        },
        async teardown() {
          await Promise.all(buses.map((bus) => bus.stop()));
        },
      };
    },
  });

  describe("azure-service-bus readiness against the broker", () => {
    const bus = busOnTheBroker(connectionString);
    afterAll(() => bus.stop());

    it("is ready for every service's topic and subscriptions, and names a topic that does not exist", async () => {
      for (const service of services) {
        const subscriptions = subscriptionsOf(service).map((s) => s.name);
        await bus.checkReady(busEntitiesOf(service, subscriptions));
      }
      await expect(bus.checkReady({ topics: ["no-such-topic"], subscriptions: [] })).rejects.toThrow(
        /^Service Bus not ready: topic no-such-topic: /,
      );
    });
  });
} else if (required) {
  describe("EventBus contract: azure-service-bus", () => {
    it("needs SERVICEBUS_CONNECTION_STRING: SERVICEBUS_EMULATOR_REQUIRED=true says a broker must be there", () => {
      throw new Error("SERVICEBUS_EMULATOR_REQUIRED=true but SERVICEBUS_CONNECTION_STRING is not set");
    });
  });
} else {
  describe("EventBus contract: azure-service-bus", () => {
    it.skip("needs SERVICEBUS_CONNECTION_STRING (a Service Bus emulator); none here, so it is skipped", () => {});
  });
}
