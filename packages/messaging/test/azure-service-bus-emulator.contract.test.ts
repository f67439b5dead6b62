import { describe, it } from "vitest";
import type { EventBus } from "../src/event-bus.ts";
import { AzureServiceBusEventBus } from "../src/transports/azure/azure-service-bus-transport.ts";
import { eventBusContract } from "./support/event-bus-contract.ts";
import { testLogger } from "./support/test-logger.ts";

/**
 * The contract against a real Service Bus: the emulator (or a namespace) at
 * SERVICEBUS_CONNECTION_STRING, provisioned from the same topology (`pnpm bus emulator-config
 * --max-deliveries 3 --out Config.json` for the emulator, `pnpm bus provision` for a namespace).
 */
const connectionString = process.env.SERVICEBUS_CONNECTION_STRING;

if (connectionString) {
  eventBusContract({
    name: "azure-service-bus (SERVICEBUS_CONNECTION_STRING)",
    maxDeliveries: 3,
    timeoutMs: 60_000,
    async namespace() {
      const buses: EventBus[] = [];
      return {
        async createBus() {
          const bus = AzureServiceBusEventBus.fromConfig(
            {
              transport: "azure-service-bus",
              connectionString,
              retry: { maxDeliveries: 3, delaySeconds: 0, maxDelaySeconds: 1, backoff: false },
            },
            testLogger,
          );
          buses.push(bus);
          return bus;
        },
        async teardown() {
          await Promise.all(buses.map((bus) => bus.stop()));
        },
      };
    },
  });
} else {
  describe("EventBus contract: azure-service-bus", () => {
    it.skip("needs SERVICEBUS_CONNECTION_STRING (a Service Bus emulator); none here, so it is skipped", () => {});
  });
}
