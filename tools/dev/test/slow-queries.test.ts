import { type EmbeddedServer, startEmbeddedPostgres } from "@ecommerce/test-support";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl, ensureDatabases } from "../src/postgres-server.ts";
import { SlowQueriesUnavailable, slowQueries, slowQueriesTable } from "../src/slow-queries.ts";

async function run(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

describe("the slow-query report", () => {
  let withExtension: EmbeddedServer;
  let without: EmbeddedServer;
  beforeAll(async () => {
    [withExtension, without] = await Promise.all([
      startEmbeddedPostgres({ postgresFlags: ["-c", "shared_preload_libraries=pg_stat_statements"] }),
      startEmbeddedPostgres(),
    ]);
    await ensureDatabases(withExtension.url, ["ordering", "catalog"]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([withExtension?.stop(), without?.stop()]);
  });

  it("explains how to load pg_stat_statements when the server does not preload it", async () => {
    const error = await slowQueries(without.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlowQueriesUnavailable);
    expect((error as Error).message).toMatch(/shared_preload_libraries = 'pg_stat_statements'/);
    expect((error as Error).message).toMatch(/CREATE EXTENSION pg_stat_statements/);
  });

  it("says to create the extension in a database that lacks it, then ranks that database's statements by mean time", async () => {
    const ordering = databaseUrl(withExtension.url, "ordering");
    const error = await slowQueries(ordering).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlowQueriesUnavailable);
    expect((error as Error).message).toMatch(/not created in the database "ordering"/);

    await run(ordering, "CREATE EXTENSION pg_stat_statements", "SELECT pg_stat_statements_reset()");
    await run(ordering, "SELECT pg_sleep(0.05)", "SELECT 1 + 1", "SELECT 1 + 1", "SELECT 1 + 1");
    // Another database's statement, slower still, is not this service's.
    await run(databaseUrl(withExtension.url, "catalog"), "SELECT pg_sleep(0.2)");

    const top = await slowQueries(ordering, 5);
    expect(top[0]?.query).toMatch(/pg_sleep/);
    expect(top[0]?.calls).toBe(1);
    expect(top[0]?.meanMs).toBeGreaterThan(top[1]?.meanMs ?? 0);
    expect(top.some((s) => /\$1 \+ \$2|1 \+ 1/.test(s.query) && s.calls === 3)).toBe(true);
    // catalog's pg_sleep is the same normalised statement: only ordering's is counted here.
    expect(top.filter((s) => /pg_sleep/.test(s.query))).toHaveLength(1);
    const table = slowQueriesTable(top);
    expect(table.split("\n")[0]).toMatch(/mean ms +calls +total ms/);
    expect(table).toMatch(/pg_sleep/);
  });
});
