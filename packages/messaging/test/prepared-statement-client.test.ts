import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreparedStatementClient } from "../src/transports/postgres/prepared-statement-client.ts";

// pg-boss's statements reach PostgreSQL through this client: parameterised ones and single DML
// statements are prepared once per connection; what cannot be prepared still runs as before.
describe("PreparedStatementClient", () => {
  let database: TestDatabase;
  let client: PreparedStatementClient;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: "prep" });
    client = new PreparedStatementClient({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  const prepared = async (): Promise<string[]> =>
    (await client.query("SELECT statement FROM pg_prepared_statements ORDER BY statement")).rows.map(
      (r: { statement: string }) => r.statement,
    );

  it("prepares a parameterised statement once and runs it again by name, with the callback form too", async () => {
    const text = "SELECT $1::int + 1 AS next";
    expect((await client.query(text, [1])).rows).toEqual([{ next: 2 }]);
    const viaCallback = await new Promise((resolve, reject) =>
      client.query(text, [41], (error: Error | null, result: { rows: unknown }) =>
        error ? reject(error) : resolve(result.rows),
      ),
    );
    expect(viaCallback).toEqual([{ next: 42 }]);
    expect((await prepared()).filter((s: string) => s === text)).toHaveLength(1);
  });

  it("prepares a single statement without parameters (pg-boss inlines queue names into its fetch)", async () => {
    const text = "WITH n AS (SELECT 7 AS v) SELECT v FROM n";
    expect((await client.query(text)).rows).toEqual([{ v: 7 }]);
    expect(await prepared()).toContain(text);
  });

  it("runs DDL and several statements in one text unprepared, as pg would", async () => {
    await client.query("CREATE TABLE t (v int); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)");
    expect((await client.query("SELECT count(*)::int AS n FROM t")).rows).toEqual([{ n: 2 }]);
    const statements = await prepared();
    expect(statements.some((s: string) => s.includes("CREATE TABLE"))).toBe(false);
  });
});
