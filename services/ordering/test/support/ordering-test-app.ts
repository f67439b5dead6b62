import {
  createTokenVerifier,
  type Mediator,
  migrate,
  migrationsFingerprint,
  type ServiceApp,
} from "@ecommerce/service-kit";
import {
  createTestDatabase,
  expectAnswersMatchOpenApi,
  recordAnswers,
  sendAdminTokenByDefault,
  type TestDatabase,
  testIssuer,
} from "@ecommerce/test-support";
import pino, { type Logger } from "pino";
import { buildOrderingApp, createOrderingRuntime, type OrderingDependencies } from "../../src/app.ts";
import { createPrisma, type Db } from "../../src/infrastructure/database.ts";
import type { OrderingEventHandler } from "../../src/infrastructure/event-subscriptions.ts";
import { migrationSources } from "../../src/migrations.ts";

export interface OrderingTestApp {
  app: ServiceApp;
  db: Db;
  database: TestDatabase;
  mediator: Mediator;
  /** The app's consumers: integration events are handed to them as the bus subscriptions would. */
  handleEvent: OrderingEventHandler;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * A fresh, migrated ordering database and the app built on it; `close()` drops the database.
 *
 * The database is a copy of a migrated template: test-support keeps the template on the server
 * under the key and the migrations' fingerprint, so every test file and worker (and the next run)
 * copies it instead of migrating again; a changed or added migration makes a new template, which
 * replaces the old one.
 */
export async function createOrderingTestApp(
  overrides: Partial<OrderingDependencies> = {},
): Promise<OrderingTestApp> {
  const database = await createTestDatabase({
    prefix: "ordering",
    template: {
      key: "ordering",
      fingerprint: migrationsFingerprint(migrationSources),
      prepare: async (url) => {
        await migrate({ databaseUrl: url, sources: migrationSources });
      },
    },
  });
  const db = createPrisma({ url: database.url, max: 10 });
  const logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const deps: OrderingDependencies = {
    db,
    logger,
    auth: createTokenVerifier((await testIssuer()).verifierOptions),
    environment: "test",
    ...overrides,
  };
  const { mediator, handleEvent } = createOrderingRuntime(deps);
  let app: ServiceApp;
  try {
    app = await buildOrderingApp(deps, mediator);
  } catch (error) {
    await db.$disconnect();
    await database.drop();
    throw error;
  }
  // Every answer the tests provoke is checked against the OpenAPI document when the app closes.
  const answers = recordAnswers(app);
  // Staff by default: a test of who may call sends its own Authorization (or `undefined` for none).
  await sendAdminTokenByDefault(app);
  return {
    app,
    db,
    database,
    mediator,
    handleEvent,
    logger,
    async close() {
      try {
        await expectAnswersMatchOpenApi(app, answers);
      } finally {
        await app.close();
        await database.drop();
      }
    },
  };
}
