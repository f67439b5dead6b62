import type { PoolConfig } from "pg";

/** Retries: delays grow as `delaySeconds * 2^(delivery-1)` (with jitter), capped at `maxDelaySeconds`. */
export interface RetryPolicy {
  /** Deliveries before an event is dead-lettered, the first one included. */
  maxDeliveries: number;
  /** First retry delay; 0 retries at once. */
  delaySeconds: number;
  maxDelaySeconds: number;
  /** Exponential (default) or fixed delays. */
  backoff: boolean;
}

export interface PostgresBusConfig {
  transport: "postgres";
  /** The `bus` database pg-boss keeps its queues in, shared by the fleet. */
  databaseUrl: string;
  retry: RetryPolicy;
  /** Slow fallback poll of the queues; LISTEN/NOTIFY wakes consumers in between. */
  pollIntervalSeconds: number;
  /** How long a handler may run before its delivery counts as failed. */
  handlerTimeoutSeconds: number;
  /**
   * A consumer holds each job it fetched on a lease it renews while the process lives: when the
   * process dies, its jobs are handed out again once the lease lapses (pg-boss's heartbeat; at
   * least 10 s), not after the handler timeout.
   */
  leaseSeconds: number;
  /** pg-boss schema. */
  schema: string;
  /**
   * How to connect, instead of `databaseUrl`'s connection string: with DATABASE_AUTH=entra the
   * runner gives discrete settings with an Entra token password function and a bounded connection
   * lifetime (service-kit's pgConnectionConfig). Used by pg-boss's pool and its LISTEN connection.
   */
  connection?: PoolConfig;
}

/**
 * How a process proves who it is to Service Bus: DefaultAzureCredential (development, tools, the
 * pipeline) or, in production, the managed identity only (user-assigned when `clientId` is given).
 */
export type AzureIdentity = { kind: "default" } | { kind: "managed-identity"; clientId?: string };

export interface AzureServiceBusConfig {
  transport: "azure-service-bus";
  /** `<namespace>.servicebus.windows.net`, reached with `identity` (no secret). */
  fullyQualifiedNamespace?: string;
  /** Only for the emulator or local tools; production is passwordless. */
  connectionString?: string;
  /** Used with `fullyQualifiedNamespace`; DefaultAzureCredential when absent. */
  identity?: AzureIdentity;
  retry: RetryPolicy;
}

export type BusConfig = PostgresBusConfig | AzureServiceBusConfig;

export const defaultRetryPolicy: RetryPolicy = {
  maxDeliveries: 5,
  delaySeconds: 1,
  maxDelaySeconds: 60,
  backoff: true,
};

export class BusConfigError extends Error {
  override readonly name = "BusConfigError";
}

type Env = Record<string, string | undefined>;

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function decimal(env: Env, name: string, fallback: number, min: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    problems.push(`${name} must be a number of seconds >= ${min} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  problems.push(`${name} must be true or false (got "${env[name]}")`);
  return fallback;
}

function postgresUrl(env: Env, problems: string[]): string {
  const raw = env.BUS_DATABASE_URL?.trim();
  if (!raw) {
    problems.push(
      "BUS_DATABASE_URL is required when BUS_TRANSPORT=postgres (e.g. postgres://user@host:5432/bus)",
    );
    return "";
  }
  try {
    const url = new URL(raw);
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new Error("not postgres");
    if (url.pathname.length <= 1) throw new Error("no database");
  } catch {
    problems.push(
      "BUS_DATABASE_URL must be a postgres:// URL naming a database (e.g. postgres://user@host:5432/bus)",
    );
  }
  return raw;
}

/**
 * The bus configuration from environment variables. Every missing or bad value is reported, each in
 * one clear sentence, in a single BusConfigError, so a misconfigured process stops at start.
 *
 * BUS_TRANSPORT            postgres (default) | azure-service-bus
 * BUS_DATABASE_URL         postgres: the bus database
 * SERVICEBUS_FQDN          azure: <ns>.servicebus.windows.net, with DefaultAzureCredential, or with
 *                          NODE_ENV=production the managed identity (AZURE_CLIENT_ID: user-assigned)
 * SERVICEBUS_CONNECTION_STRING  azure: instead of SERVICEBUS_FQDN (the emulator)
 * BUS_MAX_DELIVERIES       deliveries before dead-lettering (default 5)
 * BUS_RETRY_DELAY_SECONDS  first retry delay (default 1), BUS_RETRY_MAX_DELAY_SECONDS (default 60),
 * BUS_RETRY_BACKOFF        exponential (true, default) or fixed
 * BUS_POLL_INTERVAL_SECONDS, BUS_HANDLER_TIMEOUT_SECONDS, BUS_LEASE_SECONDS  postgres only (defaults 2, 60, 10)
 */
export function busConfigFromEnv(env: Env = process.env): BusConfig {
  const problems: string[] = [];
  const transport = env.BUS_TRANSPORT?.trim() || "postgres";
  const retry: RetryPolicy = {
    maxDeliveries: integer(env, "BUS_MAX_DELIVERIES", defaultRetryPolicy.maxDeliveries, 1, 100, problems),
    delaySeconds: integer(env, "BUS_RETRY_DELAY_SECONDS", defaultRetryPolicy.delaySeconds, 0, 3600, problems),
    maxDelaySeconds: integer(
      env,
      "BUS_RETRY_MAX_DELAY_SECONDS",
      defaultRetryPolicy.maxDelaySeconds,
      1,
      86_400,
      problems,
    ),
    backoff: boolean(env, "BUS_RETRY_BACKOFF", defaultRetryPolicy.backoff, problems),
  };
  if (retry.maxDelaySeconds < retry.delaySeconds) {
    problems.push("BUS_RETRY_MAX_DELAY_SECONDS must not be below BUS_RETRY_DELAY_SECONDS");
  }
  let config: BusConfig | undefined;
  if (transport === "postgres") {
    config = {
      transport,
      databaseUrl: postgresUrl(env, problems),
      retry,
      pollIntervalSeconds: decimal(env, "BUS_POLL_INTERVAL_SECONDS", 2, 0.5, problems),
      handlerTimeoutSeconds: integer(env, "BUS_HANDLER_TIMEOUT_SECONDS", 60, 1, 86_400, problems),
      leaseSeconds: integer(env, "BUS_LEASE_SECONDS", 10, 10, 3600, problems),
      schema: "pgboss",
    };
  } else if (transport === "azure-service-bus") {
    const fqdn = env.SERVICEBUS_FQDN?.trim();
    const connectionString = env.SERVICEBUS_CONNECTION_STRING?.trim();
    if (fqdn && connectionString) {
      problems.push(
        "set either SERVICEBUS_FQDN (managed identity) or SERVICEBUS_CONNECTION_STRING, not both",
      );
    } else if (!fqdn && !connectionString) {
      problems.push(
        "BUS_TRANSPORT=azure-service-bus needs SERVICEBUS_FQDN (e.g. myns.servicebus.windows.net) or SERVICEBUS_CONNECTION_STRING",
      );
    } else if (fqdn && !/^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/i.test(fqdn)) {
      problems.push(
        `SERVICEBUS_FQDN must be a host name like myns.servicebus.windows.net, without scheme (got "${fqdn}")`,
      );
    } else if (connectionString && !/(^|;)\s*Endpoint=sb:\/\/[^;]+/i.test(connectionString)) {
      problems.push("SERVICEBUS_CONNECTION_STRING must contain Endpoint=sb://...");
    }
    const clientId = env.AZURE_CLIENT_ID?.trim();
    const identity: AzureIdentity =
      env.NODE_ENV?.trim() === "production"
        ? { kind: "managed-identity", ...(clientId ? { clientId } : {}) }
        : { kind: "default" };
    config = {
      transport,
      ...(fqdn ? { fullyQualifiedNamespace: fqdn, identity } : {}),
      ...(connectionString ? { connectionString } : {}),
      retry,
    };
  } else {
    problems.push(`BUS_TRANSPORT must be postgres or azure-service-bus (got "${transport}")`);
  }
  if (problems.length > 0 || !config)
    throw new BusConfigError(`Invalid bus configuration: ${problems.join("; ")}`);
  return config;
}

/** Delay before the next delivery after `deliveryCount` failed ones, with ±25 % jitter. */
export function retryDelayMs(
  policy: RetryPolicy,
  deliveryCount: number,
  random: () => number = Math.random,
): number {
  const base = policy.backoff
    ? policy.delaySeconds * 2 ** Math.max(0, deliveryCount - 1)
    : policy.delaySeconds;
  const capped = Math.min(base, policy.maxDelaySeconds) * 1000;
  return Math.round(capped * (0.75 + random() * 0.5));
}
