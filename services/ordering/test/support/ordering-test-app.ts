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

/** A fresh, migrated ordering database (copied from a template) and the app built on it. */
export async function createOrderingTestApp(
  overrides: Partial<OrderingDependencies> = {},
): Promise<OrderingTestApp> {
  const database = await createTestDatabase({
    prefix: "ordering",
    template: {
      key: "ordering",
      prepare: async (url) => {
        await migrate({ databaseUrl: url, sources: migrationSources });
      },
    },
  });
  const db = createPrisma({ url: database.url, max: 10 });
  const logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const app = await buildOrderingApp({ db, logger, environment: "test", ...overrides });
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
