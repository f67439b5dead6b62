import { migrate, type ServiceApp } from "@ecommerce/service-kit";
import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import pino, { type Logger } from "pino";
import { buildOrderingApp, type OrderingDependencies } from "../../src/app.ts";
import { createPrisma, type Db } from "../../src/infrastructure/database.ts";
import { migrationSources } from "../../src/migrations.ts";

export interface OrderingTestApp {
  app: ServiceApp;
  db: Db;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * A fresh, migrated ordering database and the app built on it; `close()` drops the database.
 *
 * The database is migrated directly rather than copied from a template: Vitest isolates each test
 * file in its own module graph, so a per-process template would be made (and migrated) once per
 * file anyway, and test-support drops templates only on `beforeExit`, which Vitest's workers never
 * reach, so every file left a template database behind.
 */
export async function createOrderingTestApp(
  overrides: Partial<OrderingDependencies> = {},
): Promise<OrderingTestApp> {
  const database = await createTestDatabase({ prefix: "ordering" });
  try {
    await migrate({ databaseUrl: database.url, sources: migrationSources });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const db = createPrisma({ url: database.url, max: 10 });
  const logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  let app: ServiceApp;
  try {
    app = await buildOrderingApp({ db, logger, environment: "test", ...overrides });
  } catch (error) {
    await db.$disconnect();
    await database.drop();
    throw error;
  }
  return {
    app,
    db,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
