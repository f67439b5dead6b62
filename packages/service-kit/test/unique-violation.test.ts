import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../src/index.ts";

// The errors come from a real PostgreSQL; Prisma's P2002 form is proven by the services' own tests
// (a taken SKU, a taken email), which go through their Prisma repositories.

describe("isUniqueViolation (real PostgreSQL)", () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase({ prefix: "sk_unique" });
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query("CREATE TABLE things (id int PRIMARY KEY, name text NOT NULL)");
    await pool.query("CREATE UNIQUE INDEX things_name_key ON things (lower(name))");
    await pool.query("INSERT INTO things VALUES (1, 'Boot')");
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const failure = async (sql: string): Promise<unknown> => {
    try {
      await pool.query(sql);
    } catch (error) {
      return error;
    }
    throw new Error(`expected ${sql} to fail`);
  };

  it("tells a unique violation, of any index or of the one named, from other failures", async () => {
    const byName = await failure("INSERT INTO things VALUES (2, 'BOOT')");
    expect(isUniqueViolation(byName)).toBe(true);
    expect(isUniqueViolation(byName, "things_name_key")).toBe(true);
    expect(isUniqueViolation(byName, "things_pkey")).toBe(false);

    const byId = await failure("INSERT INTO things VALUES (1, 'Shoe')");
    expect(isUniqueViolation(byId, "things_pkey")).toBe(true);

    expect(isUniqueViolation(await failure("INSERT INTO things VALUES (3, NULL)"))).toBe(false);
    expect(isUniqueViolation(new Error("connection refused"))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    // as a driver adapter reports it: PostgreSQL's error as the cause
    expect(isUniqueViolation(new Error("write failed", { cause: byName }))).toBe(true);
  });
});
