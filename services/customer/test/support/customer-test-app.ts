import {
  type Cache,
  createCache,
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
import { buildCustomerApp, type CustomerDependencies, createMediator } from "../../src/app.ts";
import { createPrisma, type Db } from "../../src/infrastructure/database.ts";
import { migrationSources } from "../../src/migrations.ts";

export interface CustomerTestApp {
  app: ServiceApp;
  db: Db;
  database: TestDatabase;
  cache: Cache;
  /** The mediator behind the routes: for messages that do not come over HTTP (scripts, events). */
  mediator: Mediator;
  close(): Promise<void>;
}

export interface CustomerTestOptions extends Partial<CustomerDependencies> {
  /** The read-model cache: in process by default, as in development; "redis" uses REDIS_URL or the local one. */
  cacheMode?: "memory" | "redis" | "off";
}

/** A fresh, migrated customer database (copied from a template) and the app built on it. */
export async function createCustomerTestApp(options: CustomerTestOptions = {}): Promise<CustomerTestApp> {
  const { cacheMode = "memory", ...overrides } = options;
  const database = await createTestDatabase({
    prefix: "customer",
    template: {
      key: "customer",
      fingerprint: migrationsFingerprint(migrationSources),
      prepare: async (url) => {
        await migrate({ databaseUrl: url, sources: migrationSources });
      },
    },
  });
  const db = createPrisma({ url: database.url, max: 10 });
  const logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const cache = await createCache({
    // One namespace per test database, so tests sharing a Redis never see each other's entries.
    namespace: `customer-test:${database.name}`,
    mode: cacheMode,
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    logger,
    // A test expecting a cache hit must not take a slow answer on a busy CI host for a miss.
    commandTimeoutMs: 10_000,
  });
  const deps: CustomerDependencies = {
    db,
    logger,
    auth: createTokenVerifier((await testIssuer()).verifierOptions),
    environment: "test",
    cache,
    ...overrides,
  };
  const mediator = createMediator(deps);
  const app = await buildCustomerApp(deps, mediator);
  // Every answer the tests provoke is checked against the OpenAPI document when the app closes.
  const answers = recordAnswers(app);
  // Staff by default: a test of who may call sends its own Authorization (or `undefined` for none).
  await sendAdminTokenByDefault(app);
  return {
    app,
    db,
    database,
    cache,
    mediator,
    async close() {
      try {
        await expectAnswersMatchOpenApi(app, answers);
      } finally {
        await app.close();
        // The list generation outlives the entries (days); the rest expire in minutes on their own.
        await cache.delete("gen:customer-list");
        await cache.close();
        await database.drop();
      }
    },
  };
}
