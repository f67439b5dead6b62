import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase, testServerUrl } from "@ecommerce/test-support";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  assertMigrated,
  ensureDatabase,
  MigrationDriftError,
  migrate,
  readMigrations,
} from "../src/index.ts";
import { pgExecutor } from "./support/pg-executor.ts";
import { waitFor } from "./support/wait-for.ts";

const dirs: string[] = [];
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const db of databases) await db.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function migrationsDir(migrations: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sk-migrations-"));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(migrations)) writeMigration(dir, name, sql);
  return dir;
}

function writeMigration(dir: string, name: string, sql: string) {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, "migration.sql"), sql);
}

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ prefix: "sk_migrate" });
  databases.push(db);
  return db;
}

async function query<T extends Record<string, unknown>>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const [row] = await query<{ t: string | null }>(url, "SELECT to_regclass($1)::text AS t", [table]);
  return row?.t != null;
}

async function appliedNames(url: string): Promise<string[]> {
  const rows = await query<{ name: string }>(url, "SELECT name FROM schema_migrations ORDER BY name");
  return rows.map((r) => r.name);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("migrate", () => {
  it("applies the migrations of several folders together in name order, recording their checksums", async () => {
    const db = await freshDatabase();
    // b's migration sits between a's two and needs the table a's first one creates.
    const a = migrationsDir({
      "20260101000000_create_log":
        "CREATE TABLE log (seq serial PRIMARY KEY, name text NOT NULL);\nINSERT INTO log (name) VALUES ('a1');",
      "20260103000000_third": "INSERT INTO log (name) VALUES ('a3');",
    });
    const b = migrationsDir({ "20260102000000_second": "INSERT INTO log (name) VALUES ('b2');" });
    mkdirSync(join(b, "not_a_migration")); // a folder without migration.sql is ignored
    const lines: string[] = [];

    const applied = await migrate({
      databaseUrl: db.url,
      sources: [a, b, join(a, "missing")],
      log: (l) => lines.push(l),
    });

    expect(applied).toEqual(["20260101000000_create_log", "20260102000000_second", "20260103000000_third"]);
    const log = await query<{ name: string }>(db.url, "SELECT name FROM log ORDER BY seq");
    expect(log.map((r) => r.name)).toEqual(["a1", "b2", "a3"]);
    const recorded = await query<{ name: string; checksum: string }>(
      db.url,
      "SELECT name, checksum FROM schema_migrations ORDER BY name",
    );
    expect(recorded).toEqual([
      {
        name: "20260101000000_create_log",
        checksum: sha256(readFileSync(join(a, "20260101000000_create_log", "migration.sql"), "utf8")),
      },
      { name: "20260102000000_second", checksum: sha256("INSERT INTO log (name) VALUES ('b2');") },
      { name: "20260103000000_third", checksum: sha256("INSERT INTO log (name) VALUES ('a3');") },
    ]);
    expect(readMigrations([a, b]).map((m) => m.name)).toEqual(applied);
    expect(lines.some((l) => l.includes("20260102000000_second"))).toBe(true);

    // A second run finds nothing to do and changes nothing.
    expect(await migrate({ databaseUrl: db.url, sources: [a, b] })).toEqual([]);
    expect(await query(db.url, "SELECT count(*)::int AS n FROM log")).toEqual([{ n: 3 }]);

    // A new migration later is applied alone.
    writeMigration(b, "20260104000000_fourth", "INSERT INTO log (name) VALUES ('b4');");
    expect(await migrate({ databaseUrl: db.url, sources: [a, b] })).toEqual(["20260104000000_fourth"]);
    expect(await query(db.url, "SELECT count(*)::int AS n FROM log")).toEqual([{ n: 4 }]);
  });

  it("fails loudly when an applied migration was edited, and applies nothing", async () => {
    const db = await freshDatabase();
    const dir = migrationsDir({ "20260101000000_create": "CREATE TABLE t (id int);" });
    await migrate({ databaseUrl: db.url, sources: [dir] });

    writeMigration(dir, "20260101000000_create", "CREATE TABLE t (id bigint);");
    writeMigration(dir, "20260102000000_next", "CREATE TABLE next_one (id int);");
    const run = migrate({ databaseUrl: db.url, sources: [dir] });
    await expect(run).rejects.toBeInstanceOf(MigrationDriftError);
    await expect(run).rejects.toThrow(/20260101000000_create was edited/);
    expect(await tableExists(db.url, "next_one")).toBe(false);
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      await expect(assertMigrated(pgExecutor(pool), [dir])).rejects.toBeInstanceOf(MigrationDriftError);
    } finally {
      await pool.end();
    }

    // The lock was released: once the file is restored, migrating works again.
    writeMigration(dir, "20260101000000_create", "CREATE TABLE t (id int);");
    expect(await migrate({ databaseUrl: db.url, sources: [dir] })).toEqual(["20260102000000_next"]);
  });

  it("refuses two migrations of the same name in different folders", async () => {
    const a = migrationsDir({ "20260101000000_same": "SELECT 1;" });
    const b = migrationsDir({ "20260101000000_same": "SELECT 2;" });
    expect(() => readMigrations([a, b])).toThrow(/20260101000000_same exists in two sources/);
  });

  it("rolls a failing migration back entirely, records nothing for it, and names it", async () => {
    const db = await freshDatabase();
    const dir = migrationsDir({
      "20260101000000_good": "CREATE TABLE good (id int);",
      "20260102000000_broken":
        "CREATE TABLE partial (id int);\nINSERT INTO partial VALUES (1);\nSELECT 1 / 0;",
      "20260103000000_after": "CREATE TABLE after_broken (id int);",
    });

    await expect(migrate({ databaseUrl: db.url, sources: [dir] })).rejects.toThrow(
      /migration 20260102000000_broken failed: division by zero/,
    );
    expect(await tableExists(db.url, "good")).toBe(true);
    expect(await tableExists(db.url, "partial")).toBe(false);
    expect(await tableExists(db.url, "after_broken")).toBe(false);
    expect(await appliedNames(db.url)).toEqual(["20260101000000_good"]);

    writeMigration(dir, "20260102000000_broken", "CREATE TABLE partial (id int);");
    expect(await migrate({ databaseUrl: db.url, sources: [dir] })).toEqual([
      "20260102000000_broken",
      "20260103000000_after",
    ]);
  });

  it("commits a migration and its record together: when the record cannot be written, the migration is undone", async () => {
    const db = await freshDatabase();
    const name = "20260101000000_records_itself";
    // The migration takes its own record first, so recording it afterwards fails (duplicate key).
    const dir = migrationsDir({
      [name]: `CREATE TABLE orphan (id int);\nINSERT INTO schema_migrations (name, checksum) VALUES ('${name}', 'x');`,
    });
    await expect(migrate({ databaseUrl: db.url, sources: [dir] })).rejects.toThrow(
      new RegExp(`migration ${name} failed`),
    );
    expect(await tableExists(db.url, "orphan")).toBe(false);
    expect(await appliedNames(db.url)).toEqual([]);
  });

  it("lets only one of two instances migrate when they start together (advisory lock)", async () => {
    const db = await freshDatabase();
    await query(db.url, "CREATE TABLE gate (id int); CREATE TABLE applied_log (name text NOT NULL);");
    const dir = migrationsDir({
      // The first migration waits at the gate the test holds, so the second instance arrives mid-way.
      "20260101000000_one":
        "CREATE TABLE one (id int);\nINSERT INTO applied_log VALUES ('one');\nLOCK TABLE gate IN SHARE MODE;",
      "20260102000000_two": "CREATE TABLE two (id int);\nINSERT INTO applied_log VALUES ('two');",
    });
    const observer = new pg.Client({ connectionString: db.url });
    await observer.connect();
    const waiting = async (sql: string) => ((await observer.query<{ n: number }>(sql)).rows[0]?.n ?? 0) > 0;
    const thisDb = "database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    try {
      await observer.query("BEGIN");
      await observer.query("LOCK TABLE gate IN ACCESS EXCLUSIVE MODE");

      const first = migrate({ databaseUrl: db.url, sources: [dir] });
      const gateBlocked = `SELECT count(*)::int AS n FROM pg_locks WHERE ${thisDb} AND relation = 'gate'::regclass AND NOT granted`;
      await waitFor(() => waiting(gateBlocked), "the first instance to reach the gate inside migration one");

      const second = migrate({ databaseUrl: db.url, sources: [dir] });
      const lockBlocked = `SELECT count(*)::int AS n FROM pg_locks WHERE ${thisDb} AND locktype = 'advisory' AND NOT granted`;
      await waitFor(() => waiting(lockBlocked), "the second instance to wait for the migration lock");

      await observer.query("COMMIT");
      const [byFirst, bySecond] = await Promise.all([first, second]);
      expect(byFirst).toEqual(["20260101000000_one", "20260102000000_two"]);
      expect(bySecond).toEqual([]);
      const log = await observer.query<{ name: string; n: number }>(
        "SELECT name, count(*)::int AS n FROM applied_log GROUP BY name ORDER BY name",
      );
      expect(log.rows).toEqual([
        { name: "one", n: 1 },
        { name: "two", n: 1 },
      ]);
    } finally {
      await observer.query("ROLLBACK").catch(() => undefined);
      await observer.end();
    }
  });

  it("applies each migration exactly once when several instances race", async () => {
    const db = await freshDatabase();
    const dir = migrationsDir({
      "20260101000000_a": "CREATE TABLE hits (name text NOT NULL);\nINSERT INTO hits VALUES ('a');",
      "20260102000000_b": "INSERT INTO hits VALUES ('b');",
      "20260103000000_c": "INSERT INTO hits VALUES ('c');",
    });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => migrate({ databaseUrl: db.url, sources: [dir] })),
    );
    expect(results.flat().sort()).toEqual(["20260101000000_a", "20260102000000_b", "20260103000000_c"]);
    const hits = await query<{ name: string }>(db.url, "SELECT name FROM hits ORDER BY name");
    expect(hits.map((h) => h.name)).toEqual(["a", "b", "c"]);
  });
});

describe("assertMigrated", () => {
  it("names the first pending migration, and passes once everything is applied", async () => {
    const db = await freshDatabase();
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    const executor = pgExecutor(pool);
    try {
      const dir = migrationsDir({ "20260101000000_first": "CREATE TABLE first_t (id int);" });
      // Nothing applied yet: not even the bookkeeping table exists.
      await expect(assertMigrated(executor, [dir])).rejects.toThrow(
        /1 migration\(s\) pending, first 20260101000000_first/,
      );
      await migrate({ databaseUrl: db.url, sources: [dir] });
      await expect(assertMigrated(executor, [dir])).resolves.toBeUndefined();

      writeMigration(dir, "20260102000000_second", "CREATE TABLE second_t (id int);");
      writeMigration(dir, "20260103000000_third", "CREATE TABLE third_t (id int);");
      await expect(assertMigrated(executor, [dir])).rejects.toThrow(
        /2 migration\(s\) pending, first 20260102000000_second/,
      );
    } finally {
      await pool.end();
    }
  });
});

describe("ensureDatabase", () => {
  it("creates a missing database and is a no-op when it exists", async () => {
    const url = new URL(await testServerUrl());
    const name = `t_sk_ensure_${process.pid}_${randomBytes(4).toString("hex")}`;
    url.pathname = `/${name}`;
    try {
      expect(await ensureDatabase(url.toString())).toBe(true);
      expect(await query(url.toString(), "SELECT current_database() AS db")).toEqual([{ db: name }]);
      await query(url.toString(), "CREATE TABLE kept (id int)");
      expect(await ensureDatabase(url.toString())).toBe(false);
      expect(await tableExists(url.toString(), "kept")).toBe(true);
    } finally {
      const admin = new URL(url);
      admin.pathname = "/postgres";
      await query(admin.toString(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it("refuses a database name it cannot quote safely", async () => {
    const url = new URL(await testServerUrl());
    url.pathname = `/${encodeURIComponent('x"; DROP DATABASE postgres; --')}`;
    await expect(ensureDatabase(url.toString())).rejects.toThrow(/unsupported database name/);
  });
});
