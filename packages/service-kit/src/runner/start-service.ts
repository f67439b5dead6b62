import {
  type BusConfig,
  busEntitiesOf,
  createEventBus,
  type EventBus,
  OutboxRelay,
} from "@ecommerce/messaging";
import pg from "pg";
import type { DestinationStream, Logger } from "pino";
import type { TProperties } from "typebox";
import { AuthConfigError, authConfigProblem, authSettingsFrom } from "../auth/auth-config.ts";
import { createTokenVerifier } from "../auth/token-verifier.ts";
import type { Cache } from "../cache/cache.ts";
import { cacheModeFromEnv, createCache } from "../cache/create-cache.ts";
import { pgConnectionConfig } from "../database/pg-pool-config.ts";
import { setRequestTimeout } from "../http/request-timeout.ts";
import { closeApp } from "../http/run-service.ts";
import { createLogger } from "../logging/create-logger.ts";
import { observeOutbox } from "../telemetry/outbox-metrics.ts";
import { busPlan } from "./bus-plan.ts";
import { prepareDatabase } from "./prepare-database.ts";
import type { RunnerConfig } from "./runner-config.ts";
import { type AzureEdge, loadRunnerSettings } from "./runner-settings.ts";
import { runtimeReadiness } from "./runtime-readiness.ts";
import {
  type BuiltService,
  databaseOf,
  type ServiceDatabase,
  type ServiceDeps,
  type ServiceSpec,
} from "./service-spec.ts";

export interface RunningService<Own extends TProperties, Built extends BuiltService> {
  built: Built;
  address: string;
  config: RunnerConfig<Own>;
  logger: Logger;
  /** Undefined where no events are consumed nor relayed (SERVICE_ROLE=read, or no bus configured). */
  bus: EventBus | undefined;
  relay: OutboxRelay | undefined;
  cache: Cache | undefined;
  subscriptions: string[];
  /**
   * Stops in order: no new requests or connections, requests in flight finish (cut after half the
   * grace period), no new events and the handlers in flight finish, the relay (after its batch in
   * flight and a last pass over what those handlers wrote), the bus, the cache, and last the database.
   */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** A logger of the caller's (tests); by default the kit's, with every known secret blanked. */
  logger?: Logger;
  /** Where the kit's logger writes (default stdout). */
  logDestination?: DestinationStream;
  /** Fakes of the Azure SDK (credential, Key Vault) for tests. */
  azure?: AzureEdge;
}

/** The postgres bus connects like the service's database: with DATABASE_AUTH=entra, by token. */
function withBusConnection(
  bus: BusConfig | undefined,
  password: Parameters<typeof pgConnectionConfig>[1],
): BusConfig | undefined {
  if (bus?.transport !== "postgres" || !password) return bus;
  return { ...bus, connection: pgConnectionConfig(bus.databaseUrl, password) };
}

/** Starts a service from its spec and the environment, listening on PORT. */
export async function startService<
  Own extends TProperties,
  Db extends ServiceDatabase | undefined,
  Built extends BuiltService,
>(
  spec: ServiceSpec<Own, Db, Built>,
  env: NodeJS.ProcessEnv = process.env,
  options: StartOptions = {},
): Promise<RunningService<Own, Built>> {
  const database = databaseOf(spec);
  const settings = await loadRunnerSettings(spec, env, options.azure, { database: !!database });
  const { config, databasePassword } = settings;
  const logger =
    options.logger ??
    createLogger(spec.name, config.LOG_LEVEL, {
      redactor: settings.redactor,
      destination: options.logDestination,
    });
  const production = config.NODE_ENV === "production";
  // Checked before anything is touched, so a refused configuration changes nothing.
  const cacheMode = spec.cache ? cacheModeFromEnv(config) : undefined;
  // Without a database there is no outbox to relay and no inbox to consume into.
  const plan: ReturnType<typeof busPlan> = database
    ? busPlan(config, settings.env)
    : { why: "no database: no outbox to relay, no events to consume" };
  const busConfig = withBusConnection(plan.bus, databasePassword);
  const authProblem = authConfigProblem(config);
  if (authProblem) throw new AuthConfigError(authProblem);
  const auth = createTokenVerifier(await authSettingsFrom(config));

  if (database && config.MIGRATE_ON_START) {
    await prepareDatabase({
      name: spec.name,
      databaseUrl: config.DATABASE_URL,
      production,
      migrations: database.migrations,
      logger,
      password: databasePassword,
    });
  }
  const db = database?.database({
    url: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    password: databasePassword,
  }) as Db;
  let cache: Cache | undefined;
  try {
    cache = cacheMode
      ? await createCache({
          namespace: spec.name,
          mode: cacheMode,
          redisUrl: config.REDIS_URL,
          redisCredential: settings.redisCredential,
          logger,
          defaultTtlSeconds: config.CACHE_TTL_SECONDS,
        })
      : undefined;
  } catch (error) {
    await db?.$disconnect();
    throw error;
  }
  const bus = busConfig ? createEventBus(busConfig, logger) : undefined;
  // The relay's pool (and its LISTEN connection) authenticates like every other connection.
  const relayPool = bus
    ? new pg.Pool({
        ...pgConnectionConfig(config.DATABASE_URL, databasePassword),
        max: 2,
        application_name: "outbox-relay",
      })
    : undefined;
  relayPool?.on("error", (err) => logger.warn({ err }, "idle outbox connection failed"));
  const relay = bus && relayPool ? new OutboxRelay({ pool: relayPool, bus, logger }) : undefined;
  // Known once the service has subscribed; the readiness probe reads it then.
  let subscribed: string[] = [];
  const stopObservingOutbox = relay ? observeOutbox(spec.name, () => relay.backlog()) : undefined;
  const readiness = runtimeReadiness({
    bus: busConfig,
    eventBus: bus,
    entities: () => busEntitiesOf(spec.name, subscribed),
    relay,
    maxLagSeconds: config.RELAY_MAX_LAG_SECONDS,
    cache,
  });

  const beforeClose = async () => {
    // Consumers first: nothing new is taken, and the handlers in flight finish on an open database.
    if (bus) {
      logger.info("stopping the consumers: handlers in flight finish first");
      await bus.stopConsuming();
      logger.info("bus stopped consuming: no event taken, none in flight");
    }
    // The relay publishes through the bus, so it stops before it; its last pass publishes what the
    // drained handlers wrote, rather than leaving it for the next instance to start.
    stopObservingOutbox?.();
    if (relay) {
      await relay.stop({ finalPassMs: config.SHUTDOWN_GRACE_MS / 4 });
      logger.info("outbox relay stopped");
    }
    await relayPool?.end();
    if (bus) {
      await bus.stop();
      logger.info("bus stopped");
    }
    await cache?.close();
    await readiness.close();
    if (database) logger.info("closing the database");
  };
  const deps: ServiceDeps<RunnerConfig<Own>, Db> = {
    config,
    logger,
    db,
    auth,
    environment: config.NODE_ENV,
    role: config.SERVICE_ROLE,
    cache,
    cacheTtlSeconds: config.CACHE_TTL_SECONDS,
    readiness: readiness.checks,
    beforeClose,
  };

  let built: Built;
  try {
    built = await spec.build(deps);
  } catch (error) {
    await beforeClose().catch(() => undefined);
    await db?.$disconnect().catch(() => undefined);
    throw error;
  }
  const { app } = built;
  const drainMs = config.SHUTDOWN_GRACE_MS / 2;
  try {
    let subscriptions: string[] = [];
    if (bus && relay) {
      await bus.start();
      subscriptions = (await spec.subscribe?.(bus, built, deps)) ?? [];
      subscribed = subscriptions;
      await relay.start();
      logger.info(
        `bus: ${busConfig?.transport}, consuming ${subscriptions.join(", ") || "nothing"}; outbox relay running`,
      );
    } else {
      if (database) logger.warn(`no bus: ${plan.why}`);
    }
    setRequestTimeout(app.server, config.REQUEST_TIMEOUT_MS);
    const address = await app.listen({ port: config.PORT, host: config.HOST });
    const docs = production ? "" : `, Swagger UI at ${address}/docs`;
    logger.info(`verifying tokens of issuer ${auth.issuer} for audience ${auth.audience}`);
    logger.info(
      `${spec.name} listening on ${address} (role ${config.SERVICE_ROLE}, cache ${cache?.kind ?? "none"})${docs}`,
    );
    return {
      built,
      address,
      config,
      logger,
      bus,
      relay,
      cache,
      subscriptions,
      stop: () => closeApp(app, drainMs),
    };
  } catch (error) {
    await closeApp(app, 0).catch(() => undefined);
    throw error;
  }
}
