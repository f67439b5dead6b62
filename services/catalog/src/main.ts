// Process entry: configuration, migrations, cache, bus, listen, graceful shutdown. The app is in app.ts.
import {
  BusConfigError,
  busConfigFromEnv,
  createEventBus,
  type EventBus,
  OutboxRelay,
} from "@ecommerce/messaging";
import {
  ConfigError,
  cacheModeFromEnv,
  createCache,
  createLogger,
  ensureDatabase,
  migrate,
  runService,
} from "@ecommerce/service-kit";
import { buildCatalogApp } from "./app.ts";
import { catalogConfig } from "./config.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { subscribeCatalog } from "./infrastructure/event-subscriptions.ts";
import { migrationSources } from "./migrations.ts";

/** The bus is optional in development (events then wait in the outbox); production needs it. */
function wantsBus(env: NodeJS.ProcessEnv, enabled: boolean, production: boolean): boolean {
  if (!enabled) return false;
  const configured = Boolean(
    env.BUS_TRANSPORT || env.BUS_DATABASE_URL || env.SERVICEBUS_FQDN || env.SERVICEBUS_CONNECTION_STRING,
  );
  return configured || production;
}

async function main() {
  const config = catalogConfig();
  const logger = createLogger("catalog", config.LOG_LEVEL);
  const production = config.NODE_ENV === "production";
  const busConfig = wantsBus(process.env, config.BUS_ENABLED, production) ? busConfigFromEnv() : undefined;
  if (config.MIGRATE_ON_START) {
    // Outside production, a missing database is created (production databases are provisioned).
    if (!production && (await ensureDatabase(config.DATABASE_URL)))
      logger.info("created the catalog database");
    await migrate({
      databaseUrl: config.DATABASE_URL,
      sources: migrationSources,
      log: (l) => logger.info(l),
    });
  }
  const db = createPrisma({ url: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  const cacheMode = cacheModeFromEnv(config);
  const cache = await createCache({
    namespace: "catalog",
    mode: cacheMode,
    redisUrl: config.REDIS_URL,
    logger,
    defaultTtlSeconds: config.CACHE_TTL_SECONDS,
  });
  logger.info(`cache: ${cacheMode}`);
  let bus: EventBus | undefined;
  let relay: OutboxRelay | undefined;
  const app = await buildCatalogApp({
    db,
    logger,
    cache,
    cacheTtlSeconds: config.CACHE_TTL_SECONDS,
    environment: config.NODE_ENV,
    role: config.SERVICE_ROLE,
    // Stop taking events before the database closes, so no handler is cut off halfway.
    beforeClose: async () => {
      await relay?.stop();
      await bus?.stop();
    },
  });

  if (busConfig) {
    bus = createEventBus(busConfig, logger);
    await bus.start();
    // A read-only instance serves queries; consuming events and relaying the outbox are writes.
    if (config.SERVICE_ROLE !== "read") {
      const subscriptions = await subscribeCatalog(bus, app.catalog.handleEvent);
      relay = new OutboxRelay({ databaseUrl: config.DATABASE_URL, bus, logger });
      await relay.start();
      logger.info(`bus: ${busConfig.transport}, consuming ${subscriptions.join(", ")}; outbox relay running`);
    }
  } else {
    logger.warn(
      "no bus configured (BUS_DATABASE_URL / BUS_TRANSPORT): events stay in the outbox, none are consumed",
    );
  }

  const address = await runService(app, { port: config.PORT, host: config.HOST });
  const docs = production ? "" : `, Swagger UI at ${address}/docs`;
  logger.info(`catalog listening on ${address}${docs}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof BusConfigError) {
    console.error(`catalog: ${error.message}`);
  } else {
    console.error("catalog: failed to start:", (error as Error).message);
  }
  process.exit(1);
});
