import type { EventBus } from "@ecommerce/messaging";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { TProperties } from "typebox";
import type { TokenVerifier } from "../auth/token-verifier.ts";
import type { Cache } from "../cache/cache.ts";
import type { PoolOptions } from "../database/pg-pool-config.ts";
import type { ReadinessCheck } from "../http/health.ts";
import type { RunnerConfig } from "./runner-config.ts";

/** What the runner needs of a service's database client (a PrismaClient has it). */
export interface ServiceDatabase {
  $disconnect(): Promise<void>;
}

/** What the runner hands the service's builder. */
export interface ServiceDeps<Config, Db> {
  config: Config;
  logger: Logger;
  /** Undefined for a service that declares no database (the gateway). */
  db: Db;
  /** Verifies bearer tokens, from AUTH_* (the development issuer outside production when none is set). */
  auth: TokenVerifier;
  environment: "development" | "test" | "production";
  role: "all" | "read" | "write";
  /** The read-model cache CACHE_MODE chose; undefined for a service that declares no cache. */
  cache: Cache | undefined;
  cacheTtlSeconds: number;
  /** Checks of what the runner starts (bus, relay, redis): the app adds them to its own. */
  readiness: Record<string, ReadinessCheck>;
  /**
   * The app's onClose hook runs this first, then closes its database: it stops the relay, the bus
   * (draining the event handlers in flight) and the cache while the database is still open.
   */
  beforeClose: () => Promise<void>;
}

/** What the builder returns: the app, and anything the subscriptions need (e.g. the mediator). */
export interface BuiltService {
  app: FastifyInstance;
}

/** A service, declared: everything else (config, migrations, cache, bus, readiness, shutdown) is the runner's. */
export interface ServiceSpec<
  Own extends TProperties = TProperties,
  Db extends ServiceDatabase | undefined = ServiceDatabase | undefined,
  Built extends BuiltService = BuiltService,
> {
  name: string;
  /** Default PORT. */
  port: number;
  /** The service's own variables, validated with the runner's (see runnerConfigSchema). */
  config?: Own;
  /**
   * Every migration folder of its database, the shared packages' included. Given exactly when
   * `database` is: a service without a database (the gateway) declares neither, and then needs no
   * DATABASE_URL, runs no migrations, and has no bus (no outbox to relay, nothing to consume).
   */
  migrations?: string[];
  /** Its database client on a pool of the given size. */
  database?(options: PoolOptions): Db;
  /** True when it keeps a read-model cache (then CACHE_MODE applies). */
  cache?: boolean;
  build(deps: ServiceDeps<RunnerConfig<Own>, Db>): Promise<Built>;
  /** Subscribes its handlers; returns the subscription names. Runs only where events are consumed. */
  subscribe?(bus: EventBus, built: Built, deps: ServiceDeps<RunnerConfig<Own>, Db>): Promise<string[]>;
}

/**
 * Types a spec (no behaviour): `runServiceSpec(defineService({...}))`. Without `database`, `Db` is
 * undefined, and so is `deps.db`.
 */
export function defineService<
  Own extends TProperties = Record<never, never>,
  Db extends ServiceDatabase | undefined = undefined,
  Built extends BuiltService = BuiltService,
>(spec: ServiceSpec<Own, Db, Built>): ServiceSpec<Own, Db, Built> {
  return spec;
}

/** The database half of a spec, checked: both parts or neither. */
export function databaseOf<Db extends ServiceDatabase | undefined>(spec: {
  name: string;
  migrations?: string[] | undefined;
  database?: ((options: PoolOptions) => Db) | undefined;
}): { migrations: string[]; database: (options: PoolOptions) => Db } | undefined {
  if (!spec.database && !spec.migrations) return undefined;
  if (!spec.database || !spec.migrations) {
    throw new Error(`${spec.name}: a spec declares both database and migrations, or neither`);
  }
  return { migrations: spec.migrations, database: spec.database };
}
