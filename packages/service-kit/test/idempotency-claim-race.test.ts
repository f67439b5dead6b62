import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  idempotency,
  migrate,
  migrationsFingerprint,
  PrismaUnitOfWork,
  type ServiceApp,
  type SqlExecutor,
  serviceKitMigrationsDir,
} from "../src/index.ts";
import { pgExecutor, pgTransactional } from "./support/pg-executor.ts";
import { createTestService } from "./support/test-service.ts";

// Claiming a key is an INSERT and, when another request holds the key, a read of that request's
// row. A concurrent cleanup (a failed first request deleting its uncommitted key, or the retention
// purge) can delete the row between the two statements, so the read finds nothing. That once counted
// as "claimed" although no row held the key: the command ran, its commit and answer were recorded
// nowhere, and the next repeat ran it again. The interleaving is made exact by running the cleanup's
// own DELETE, on another connection of the same real database, right before the claim's read.

const KEY = "key-raced-by-cleanup";

describe("an Idempotency-Key claim raced by a concurrent cleanup (real PostgreSQL)", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let app: ServiceApp;
  let cleanupBeforeNextRead = false;

  /** The real database, with the cleanup of `KEY` run once, just before the next read of a key. */
  function racedByCleanup(inner: SqlExecutor): SqlExecutor {
    return {
      $executeRawUnsafe: (query, ...values) => inner.$executeRawUnsafe(query, ...values),
      async $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> {
        if (cleanupBeforeNextRead && /FROM idempotency_keys/.test(query)) {
          cleanupBeforeNextRead = false;
          await pool.query(
            "DELETE FROM idempotency_keys WHERE scope = 'kit-test-admin' AND key = $1 AND committed_at IS NULL",
            [KEY],
          );
        }
        return inner.$queryRawUnsafe<T>(query, ...values);
      },
    };
  }

  beforeAll(async () => {
    db = await createTestDatabase({
      prefix: "sk_idem_race",
      template: {
        key: "service-kit-migrations",
        fingerprint: migrationsFingerprint([serviceKitMigrationsDir]),
        prepare: async (url) => {
          await migrate({ databaseUrl: url, sources: [serviceKitMigrationsDir] });
        },
      },
    });
    pool = new pg.Pool({ connectionString: db.url, max: 5 });
    await pool.query("CREATE TABLE effects (id serial PRIMARY KEY)");
    app = await createTestService({ name: "ordering", version: "1.0.0", logger: false });
    await app.register(idempotency, { db: racedByCleanup(pgExecutor(pool)) });
    const uow = new PrismaUnitOfWork(pgTransactional(pool));
    app.post("/effects", async (_request, reply) => {
      await uow.run(async () => {
        await uow.current().$executeRawUnsafe("INSERT INTO effects DEFAULT VALUES");
      });
      return reply.code(201).send({ done: true });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
    await db?.drop();
  });

  const effects = async () =>
    (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM effects")).rows[0]?.n ?? 0;
  const post = () =>
    app.inject({ method: "POST", url: "/effects", payload: {}, headers: { "idempotency-key": KEY } });

  it("never runs the command twice: the claim holds a row, so every repeat replays the first answer", async () => {
    // A first request holds the key (pending, not stale) and is about to fail before committing:
    // its cleanup deletes the key just after the repeat's INSERT found it taken.
    await pool.query(
      "INSERT INTO idempotency_keys (scope, key, fingerprint, status) VALUES ('kit-test-admin', $1, 'first', 'pending')",
      [KEY],
    );
    cleanupBeforeNextRead = true;

    const repeat = await post();
    expect(cleanupBeforeNextRead, "the cleanup ran inside the claim").toBe(false);
    expect(repeat.statusCode, repeat.body).toBe(201);
    expect(await effects()).toBe(1);

    const stored = await pool.query("SELECT status FROM idempotency_keys WHERE key = $1", [KEY]);
    expect(stored.rows).toEqual([{ status: "complete" }]);

    const again = await post();
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(await effects()).toBe(1);
  });
});
