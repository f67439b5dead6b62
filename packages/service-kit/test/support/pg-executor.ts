import type pg from "pg";
import type { SqlExecutor } from "../../src/index.ts";

type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, "query">;

/** Prisma's raw-SQL shape over a pg pool or client: queries return rows, commands their row count. */
export function pgExecutor(db: Queryable): SqlExecutor {
  return {
    async $executeRawUnsafe(query: string, ...values: unknown[]) {
      return (await db.query(query, values)).rowCount ?? 0;
    },
    async $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]) {
      return (await db.query(query, values)).rows as T;
    },
  };
}

/**
 * Stands in for PrismaClient's interactive `$transaction`: one pooled connection, BEGIN, the work,
 * COMMIT, or ROLLBACK when the work throws.
 */
export function pgTransactional(pool: pg.Pool) {
  return {
    transactions: 0,
    async $transaction<R>(fn: (tx: SqlExecutor) => Promise<R>): Promise<R> {
      this.transactions++;
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(pgExecutor(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
