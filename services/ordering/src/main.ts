// Process entry: configuration, migrations, listen, graceful shutdown. The app itself is in app.ts.
import { ConfigError, createLogger, migrate, runService } from "@ecommerce/service-kit";
import { buildOrderingApp } from "./app.ts";
import { orderingConfig } from "./config.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { migrationSources } from "./migrations.ts";

async function main() {
  const config = orderingConfig();
  const logger = createLogger("ordering", config.LOG_LEVEL);
  if (config.MIGRATE_ON_START) {
    await migrate({
      databaseUrl: config.DATABASE_URL,
      sources: migrationSources,
      log: (l) => logger.info(l),
    });
  }
  const db = createPrisma({ url: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  const app = await buildOrderingApp({
    db,
    logger,
    environment: config.NODE_ENV,
    role: config.SERVICE_ROLE,
    defaultCurrency: config.DEFAULT_CURRENCY,
  });
  const address = await runService(app, { port: config.PORT, host: config.HOST });
  const docs = config.NODE_ENV === "production" ? "" : `, Swagger UI at ${address}/docs`;
  logger.info(`ordering listening on ${address}${docs}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`ordering: ${error.message}`);
  } else {
    console.error("ordering: failed to start:", (error as Error).message);
  }
  process.exit(1);
});
