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
import { buildShippingApp, createShippingRuntime, type ShippingDependencies } from "../../src/app.ts";
import { createPrisma, type Db } from "../../src/infrastructure/database.ts";
import type { ShippingEventHandler } from "../../src/infrastructure/event-subscriptions.ts";
import { migrationSources } from "../../src/migrations.ts";

export interface ShippingTestApp {
  app: ServiceApp;
  db: Db;
  database: TestDatabase;
  mediator: Mediator;
  /** The app's consumers: integration events are handed to them as the bus subscription would. */
  handleEvent: ShippingEventHandler;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * A fresh, migrated shipping database (a copy of a migrated template, see test-support) and the app
 * built on it; `close()` checks every answer against the OpenAPI document and drops the database.
 */
export async function createShippingTestApp(
  overrides: Partial<ShippingDependencies> = {},
): Promise<ShippingTestApp> {
  const database = await createTestDatabase({
    prefix: "shipping",
    template: {
      key: "shipping",
      fingerprint: migrationsFingerprint(migrationSources),
      prepare: async (url) => {
        await migrate({ databaseUrl: url, sources: migrationSources });
      },
    },
  });
  const db = createPrisma({ url: database.url, max: 10 });
  const logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const deps: ShippingDependencies = {
    db,
    logger,
    auth: createTokenVerifier((await testIssuer()).verifierOptions),
    environment: "test",
    ...overrides,
  };
  const { mediator, handleEvent } = createShippingRuntime(deps);
  let app: ServiceApp;
  try {
    app = await buildShippingApp(deps, mediator);
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
