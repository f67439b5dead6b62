import { randomUUID } from "node:crypto";
import {
  type Cache,
  createCache,
  createTokenVerifier,
  type Mediator,
  migrate,
  readMigrations,
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
import { buildCatalogApp, type CatalogApp, type CatalogDependencies } from "../../src/app.ts";
import { createPrisma, type Db } from "../../src/infrastructure/database.ts";
import type { CatalogEventHandler } from "../../src/infrastructure/event-subscriptions.ts";
import { migrationSources } from "../../src/migrations.ts";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface CatalogTestApp {
  app: CatalogApp;
  db: Db;
  database: TestDatabase;
  cache: Cache;
  mediator: Mediator;
  handleEvent: CatalogEventHandler;
  close(): Promise<void>;
}

export interface CatalogTestOptions extends Partial<CatalogDependencies> {
  /** memory (default), redis (the real server, a key namespace of its own) or off. */
  cacheMode?: "memory" | "redis" | "off";
  poolSize?: number;
}

/** A fresh, migrated catalog database (copied from a template) and the app built on it. */
export async function createCatalogTestApp(options: CatalogTestOptions = {}): Promise<CatalogTestApp> {
  const { cacheMode = "memory", poolSize = 20, ...overrides } = options;
  const database = await createTestDatabase({
    prefix: "catalog",
    template: {
      key: "catalog",
      // a changed or added migration makes a new template
      fingerprint: readMigrations(migrationSources)
        .map((m) => `${m.name}:${m.checksum}`)
        .join("\n"),
      prepare: async (url) => {
        await migrate({ databaseUrl: url, sources: migrationSources });
      },
    },
  });
  const db = createPrisma({ url: database.url, max: poolSize });
  const logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const cache =
    overrides.cache ??
    (await createCache({
      namespace: `catalog-test-${randomUUID()}`,
      mode: cacheMode,
      redisUrl: TEST_REDIS_URL,
      logger,
      // A test expecting a cache hit must not take a slow answer on a busy CI host for a miss.
      commandTimeoutMs: 10_000,
    }));
  const auth = createTokenVerifier((await testIssuer()).verifierOptions);
  const app = await buildCatalogApp({ db, logger, auth, environment: "test", ...overrides, cache });
  // Every answer the tests provoke is checked against the OpenAPI document when the app closes.
  const answers = recordAnswers(app);
  // Staff by default: a test of who may call sends its own Authorization (or `undefined` for none).
  await sendAdminTokenByDefault(app);
  return {
    app,
    db,
    database,
    cache,
    mediator: app.catalog.mediator,
    handleEvent: app.catalog.handleEvent,
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
