import { type BusConfig, busConfigFromEnv } from "@ecommerce/messaging";
import { ConfigError } from "../config/load-config.ts";

const BUS_VARIABLES = [
  "BUS_TRANSPORT",
  "BUS_DATABASE_URL",
  "SERVICEBUS_FQDN",
  "SERVICEBUS_CONNECTION_STRING",
];

/**
 * Every variable the bus reads (busConfigFromEnv, and the Azure credential's AZURE_CLIENT_ID for a
 * user-assigned identity), outside the runner's schema: deployment descriptions are checked against it.
 */
export const BUS_ENV_VARIABLES = [
  ...BUS_VARIABLES,
  "BUS_MAX_DELIVERIES",
  "BUS_RETRY_DELAY_SECONDS",
  "BUS_RETRY_MAX_DELAY_SECONDS",
  "BUS_RETRY_BACKOFF",
  "BUS_POLL_INTERVAL_SECONDS",
  "BUS_HANDLER_TIMEOUT_SECONDS",
  "AZURE_CLIENT_ID",
] as const;

/**
 * The bus an instance runs, or why none. A read-only instance has none: consuming events and
 * relaying the outbox are writes, which the write instances own. Outside production the bus is
 * optional (events then wait in the outbox); production needs it.
 */
export function busPlan(
  config: { NODE_ENV: string; SERVICE_ROLE: string; BUS_ENABLED: boolean },
  env: NodeJS.ProcessEnv,
): { bus: BusConfig; why?: undefined } | { bus?: undefined; why: string } {
  const production = config.NODE_ENV === "production";
  if (config.SERVICE_ROLE === "read") return { why: "SERVICE_ROLE=read consumes and relays nothing" };
  if (!config.BUS_ENABLED) {
    if (production)
      throw new ConfigError(["BUS_ENABLED=false is refused in production: events would never leave"]);
    return { why: "BUS_ENABLED=false" };
  }
  if (!production && !BUS_VARIABLES.some((name) => env[name])) {
    return { why: "no bus configured (BUS_DATABASE_URL / BUS_TRANSPORT)" };
  }
  return { bus: busConfigFromEnv(env) };
}
