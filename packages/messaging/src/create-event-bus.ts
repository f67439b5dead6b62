import type { Topology } from "@ecommerce/contracts";
import type { Logger } from "pino";
import type { BusConfig } from "./bus-config.ts";
import type { EventBus } from "./event-bus.ts";
import { AzureServiceBusEventBus } from "./transports/azure/azure-service-bus-transport.ts";
import { PgBossEventBus } from "./transports/postgres/pg-boss-transport.ts";

/** The bus of the configured transport (see busConfigFromEnv). Call start() before use. */
export function createEventBus(
  config: BusConfig,
  logger: Logger,
  options: { topology?: Topology } = {},
): EventBus {
  switch (config.transport) {
    case "postgres":
      return new PgBossEventBus(config, logger, options);
    case "azure-service-bus":
      return AzureServiceBusEventBus.fromConfig(config, logger, options);
  }
}
