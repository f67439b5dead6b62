import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { PasswordFunction } from "./entra-password.ts";
import { pgConnectionConfig } from "./pg-pool-config.ts";
import type { SqlExecutor } from "./sql-executor.ts";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  databaseUrl: string;
  /** Folders in Prisma's layout (`<timestamp>_<name>/migration.sql`); applied together in name order. */
  sources: string[];
  log?: (line: string) => void;
  /** DATABASE_AUTH=entra: the Entra token password function (see pgConnectionConfig). */
  password?: PasswordFunction | undefined;
}

/** An applied migration whose file has changed since: the database and the code disagree. */
export class MigrationDriftError extends Error {
  constructor(name: string) {
    super(
      `migration ${name} was edited after it was applied (checksum differs); add a new migration instead`,
    );
    this.name = "MigrationDriftError";
  }
}

// One constant key: every instance of every service takes the same lock on its own database.
const LOCK_KEY = 7_263_115_027;

const TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export function readMigrations(sources: string[]): Migration[] {
  const byName = new Map<string, Migration>();
  for (const source of sources) {
    if (!existsSync(source)) continue;
    for (const entry of readdirSync(source, { withFileTypes: true })) {
      const file = join(source, entry.name, "migration.sql");
      if (!entry.isDirectory() || !existsSync(file)) continue;
      if (byName.has(entry.name)) throw new Error(`migration ${entry.name} exists in two sources`);
      const sql = readFileSync(file, "utf8");
      byName.set(entry.name, {
        name: entry.name,
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      });
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

type Rows = (sql: string) => Promise<Record<string, unknown>[]>;

/** Changes whenever a migration is added or edited: a key for caches of migrated databases. */
export function migrationsFingerprint(sources: string[]): string {
  const hash = createHash("sha256");
  for (const m of readMigrations(sources)) hash.update(`${m.name}:${m.checksum}\n`);
  return hash.digest("hex");
}

async function appliedMigrations(rows: Rows): Promise<Map<string, string>> {
  const [exists] = await rows("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists?.t) return new Map();
  const applied = await rows("SELECT name, checksum FROM schema_migrations");
  return new Map(applied.map((r) => [String(r.name), String(r.checksum)]));
}

function pendingOf(migrations: Migration[], applied: Map<string, string>): Migration[] {
  for (const m of migrations) {
    const checksum = applied.get(m.name);
    if (checksum !== undefined && checksum !== m.checksum) throw new MigrationDriftError(m.name);
  }
  return migrations.filter((m) => !applied.has(m.name));
}

/**
 * Applies pending migrations in order, each in its own transaction, under an advisory lock so that
 * two instances starting together do not both migrate. Returns the names it applied.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const migrations = readMigrations(options.sources);
  const client = new pg.Client(pgConnectionConfig(options.databaseUrl, options.password));
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    try {
      await client.query(TABLE);
      const rows: Rows = async (sql) => (await client.query(sql)).rows;
      const pending = pendingOf(migrations, await appliedMigrations(rows));
      if (pending.length === 0) log(`migrations: ${migrations.length} applied, none pending`);
      for (const [i, m] of pending.entries()) {
        log(`migrations: applying ${m.name} (${i + 1}/${pending.length})`);
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [
            m.name,
            m.checksum,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
        }
      }
      return pending.map((m) => m.name);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** For readiness: throws unless every migration on disk is applied unchanged. */
export async function assertMigrated(db: SqlExecutor, sources: string[]): Promise<void> {
  const rows: Rows = (sql) => db.$queryRawUnsafe<Record<string, unknown>[]>(sql);
  const pending = pendingOf(readMigrations(sources), await appliedMigrations(rows));
  if (pending.length > 0)
    throw new Error(`${pending.length} migration(s) pending, first ${pending[0]?.name}`);
}

/** Creates the database named in the URL when it does not exist yet (development and tests). */
export async function ensureDatabase(databaseUrl: string, password?: PasswordFunction): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[\w-]+$/.test(name)) throw new Error(`unsupported database name "${name}"`);
  url.pathname = "/postgres";
  const client = new pg.Client(pgConnectionConfig(url.toString(), password));
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}
