import type pg from "pg";

/**
 * What the outbox and inbox need from a transaction: exactly the shape of Prisma's interactive
 * TransactionClient, so services pass `tx` straight through; `pgExecutor` adapts node-postgres.
 * Placeholders are PostgreSQL's `$1, $2, ...`.
 */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** An executor over a node-postgres client (inside a transaction the caller began) or a pool. */
export function pgExecutor(client: pg.ClientBase | pg.Pool): SqlExecutor {
  return {
    async $executeRawUnsafe(query, ...values) {
      const result = await client.query(query, values);
      return result.rowCount ?? 0;
    },
    async $queryRawUnsafe<T>(query: string, ...values: unknown[]) {
      const result = await client.query(query, values);
      return result.rows as T;
    },
  };
}
