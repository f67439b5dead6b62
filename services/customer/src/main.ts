// Process entry: configuration, migrations, cache, bus and outbox relay, listen, graceful shutdown.
// The app itself is in app.ts.
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
  migrate,
  runService,
} from "@ecommerce/service-kit";
import { buildCustomerApp } from "./app.ts";
import { customerConfig } from "./config.ts";
import { Preferences } from "./domain/preferences.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { migrationSources } from "./migrations.ts";

async function main() {
  const config = customerConfig();
  const busConfig = busConfigFromEnv(process.env);
  // Checked now rather than at the first registration: an unknown currency stops the start.
  const defaultPreferences = Preferences.of({
    marketingConsent: false,
    currency: config.DEFAULT_CURRENCY,
    language: config.DEFAULT_LANGUAGE,
  }).toJSON();
  const logger = createLogger("customer", config.LOG_LEVEL);
  if (config.MIGRATE_ON_START) {
    await migrate({
      databaseUrl: config.DATABASE_URL,
      sources: migrationSources,
      log: (l) => logger.info(l),
    });
  }
  const cache = await createCache({
    namespace: "customer",
    mode: config.CACHE_MODE ?? cacheModeFromEnv(config),
    redisUrl: config.REDIS_URL,
    logger,
    defaultTtlSeconds: config.CACHE_TTL_SECONDS,
  });

  // Only writers produce events: a read-only instance needs neither the bus nor the relay.
  let bus: EventBus | undefined;
  let relay: OutboxRelay | undefined;
  if (config.SERVICE_ROLE !== "read") {
    bus = createEventBus(busConfig, logger);
    await bus.start();
    relay = new OutboxRelay({ databaseUrl: config.DATABASE_URL, bus, logger });
    await relay.start();
  }

  const db = createPrisma({ url: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  const app = await buildCustomerApp({
    db,
    logger,
    environment: config.NODE_ENV,
    role: config.SERVICE_ROLE,
    cache,
    defaultPreferences,
  });
  const address = await runService(app, {
    port: config.PORT,
    host: config.HOST,
    onShutdown: async () => {
      // The relay first, so nothing is being published when the bus closes.
      await relay?.stop();
      await bus?.stop();
      await cache.close();
    },
  });
  const docs = config.NODE_ENV === "production" ? "" : `, Swagger UI at ${address}/docs`;
  logger.info(`customer listening on ${address} (cache: ${cache.kind})${docs}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof BusConfigError) {
    console.error(`customer: ${error.message}`);
  } else {
    console.error("customer: failed to start:", (error as Error).message);
  }
  process.exit(1);
});
