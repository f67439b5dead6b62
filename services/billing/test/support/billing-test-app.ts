import { createEvent, OrderAwaitingPayment, OrderCancelled } from "@ecommerce/contracts";
import { newId } from "@ecommerce/domain-kernel";
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
import {
  type BillingDependencies,
  type BillingRuntime,
  buildBillingApp,
  createBillingRuntime,
} from "../../src/app.ts";
import { createPrisma, type Db } from "../../src/infrastructure/database.ts";
import { migrationSources } from "../../src/migrations.ts";

/** Retries fast enough for tests: tok_timeout fails after 4 calls of 100 ms. */
export const fastPayments = {
  callTimeoutMs: 100,
  firstDelayMs: 10,
  maxDelayMs: 40,
  maxAttempts: 4,
  deadlineMs: 5_000,
};

export interface BillingTestApp extends BillingRuntime {
  app: ServiceApp;
  db: Db;
  database: TestDatabase;
  mediator: Mediator;
  logger: Logger;
  close(): Promise<void>;
}

async function billingDatabase(): Promise<TestDatabase> {
  return createTestDatabase({
    prefix: "billing",
    template: {
      key: "billing",
      fingerprint: migrationsFingerprint(migrationSources),
      prepare: async (url) => {
        await migrate({ databaseUrl: url, sources: migrationSources });
      },
    },
  });
}

/** A fresh, migrated billing database and the app on it; `close()` drops the database. */
export async function createBillingTestApp(
  overrides: Partial<BillingDependencies> = {},
  database?: TestDatabase,
): Promise<BillingTestApp> {
  const owned = !database;
  const db$ = database ?? (await billingDatabase());
  const db = createPrisma({ url: db$.url, max: 10 });
  const logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const deps: BillingDependencies = {
    db,
    logger,
    auth: createTokenVerifier((await testIssuer()).verifierOptions),
    environment: "test",
    taxRates: "DE=0.19,NL=0.21,*=0",
    paymentRetries: fastPayments,
    ...overrides,
  };
  const runtime = createBillingRuntime(deps);
  const app = await buildBillingApp(deps, runtime);
  const answers = recordAnswers(app);
  // Staff by default: a test of who may call sends its own Authorization (or `undefined` for none).
  await sendAdminTokenByDefault(app);
  return {
    ...runtime,
    app,
    db,
    database: db$,
    logger,
    async close() {
      try {
        await expectAnswersMatchOpenApi(app, answers);
      } finally {
        await app.close();
        if (owned) await db$.drop();
      }
    },
  };
}

export const eur = (amount: string) => ({ amount, currency: "EUR" });

/** An OrderAwaitingPayment as ordering publishes it. */
export function awaitingPayment(
  options: {
    orderId?: string;
    customerId?: string;
    token?: string;
    country?: string;
    lines?: { quantity: number; price: string }[];
  } = {},
) {
  const orderId = options.orderId ?? newId();
  const lines = (
    options.lines ?? [
      { quantity: 3, price: "9.99" },
      { quantity: 1, price: "0.05" },
    ]
  ).map((l) => ({
    productId: newId(),
    quantity: l.quantity,
    unitPrice: eur(l.price),
  }));
  return createEvent(
    OrderAwaitingPayment,
    {
      orderId,
      customerId: options.customerId ?? "01937b6e-5f7a-7c3a-9d2e-aaaaaaaaaaaa",
      total: eur("30.02"),
      lines,
      shippingAddress: {
        recipient: "Ada",
        line1: "1 Main St",
        city: "Berlin",
        postalCode: "10115",
        country: options.country ?? "DE",
      },
      ...(options.token ? { paymentMethod: { token: options.token } } : {}),
    },
    { correlationId: newId(), causationId: newId() },
  );
}

export function orderCancelled(orderId: string) {
  return createEvent(
    OrderCancelled,
    { orderId, customerId: "01937b6e-5f7a-7c3a-9d2e-aaaaaaaaaaaa", reason: "customer-request" },
    { correlationId: newId(), causationId: newId() },
  );
}

export async function invoiceOf(db: Db, orderId: string) {
  return db.invoice.findUnique({ where: { orderId } });
}

/** The outbox's event types for an invoice (its subject), oldest first. */
export async function outboxTypes(db: Db, invoiceId: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ event_type: string }[]>(
    "SELECT event_type FROM messaging_outbox WHERE subject = $1 ORDER BY position",
    invoiceId,
  );
  return rows.map((r) => r.event_type);
}
