// Process entry: configuration, migrations, the bus, listen, graceful shutdown. The app is in app.ts.
import { BusConfigError, busConfigFromEnv, createEventBus, OutboxRelay } from "@ecommerce/messaging";
import { ConfigError, createLogger, migrate, runService } from "@ecommerce/service-kit";
import { buildOrderingApp, createOrderingRuntime } from "./app.ts";
import { orderingConfig } from "./config.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { subscribeToIntegrationEvents } from "./infrastructure/event-subscriptions.ts";
import { migrationSources } from "./migrations.ts";

async function main() {
  const config = orderingConfig();
  const busConfig = busConfigFromEnv(process.env);
  const logger = createLogger("ordering", config.LOG_LEVEL);
  if (config.MIGRATE_ON_START) {
    await migrate({
      databaseUrl: config.DATABASE_URL,
      sources: migrationSources,
      log: (l) => logger.info(l),
    });
  }
  const db = createPrisma({ url: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  const deps = {
    db,
    logger,
    environment: config.NODE_ENV,
    role: config.SERVICE_ROLE,
    defaultCurrency: config.DEFAULT_CURRENCY,
  };
  const { mediator, handleEvent } = createOrderingRuntime(deps);

  const bus = createEventBus(busConfig, logger);
  await bus.start();
  // A read-only instance neither publishes nor consumes: the write instances own the side effects.
  const relay =
    config.SERVICE_ROLE === "read"
      ? undefined
      : new OutboxRelay({ databaseUrl: config.DATABASE_URL, bus, logger });
  if (relay) {
    await relay.start();
    const subscriptions = await subscribeToIntegrationEvents(bus, handleEvent);
    logger.info({ subscriptions }, "consuming integration events");
  }

  const app = await buildOrderingApp(deps, mediator);
  const address = await runService(app, {
    port: config.PORT,
    host: config.HOST,
    onShutdown: async () => {
      await relay?.stop();
      await bus.stop();
    },
  });
  const docs = config.NODE_ENV === "production" ? "" : `, Swagger UI at ${address}/docs`;
  logger.info(`ordering listening on ${address}${docs}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof BusConfigError) {
    console.error(`ordering: ${error.message}`);
  } else {
    console.error("ordering: failed to start:", (error as Error).message);
  }
  process.exit(1);
});
