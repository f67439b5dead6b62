import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { testServerUrl } from "./test-server.ts";

export interface TestDatabase {
  /** Connection string of the fresh database. */
  readonly url: string;
  readonly name: string;
  /** Drops the database (terminating leftover connections). */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Prefix of the database name, e.g. the package under test. */
  prefix?: string;
  /**
   * Prepares a template (e.g. applies migrations); every test database is then a cheap copy of it.
   * Templates are kept on the server and shared by every process that asks for the same key and
   * fingerprint (e.g. the migrations' checksums); a new fingerprint replaces the old template.
   */
  template?: { key: string; fingerprint: string; prepare(url: string): Promise<void> };
}

const templates = new Map<string, Promise<string>>();

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function uniqueName(prefix: string): string {
  const safe = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .slice(0, 30);
  return `t_${safe}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

async function templateFor(serverUrl: string, template: NonNullable<TestDatabaseOptions["template"]>) {
  const hash = createHash("sha256").update(template.fingerprint).digest("hex").slice(0, 12);
  const safeKey = template.key
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .slice(0, 30);
  const name = `tpl_${safeKey}_${hash}`;
  let pending = templates.get(name);
  if (!pending) {
    pending = admin(serverUrl, async (c) => {
      // One process prepares, the others wait and reuse; a half-prepared template is never visible
      // under its final name because it is built under a temporary one and renamed.
      await c.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
      try {
        const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (!rowCount) {
          const building = `${name}_build`;
          await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
          await c.query(`CREATE DATABASE "${building}"`);
          await template.prepare(withDatabase(serverUrl, building));
          await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
          const stale = await c.query<{ datname: string }>(
            "SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2",
            [`tpl\\_${safeKey}\\_%`, name],
          );
          for (const row of stale.rows)
            await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
        }
        return name;
      } finally {
        await c.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
      }
    });
    templates.set(name, pending);
  }
  return pending;
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A fresh database on the test server, optionally copied from a migrated template. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = await testServerUrl();
  const name = uniqueName(options.prefix ?? "test");
  const template = options.template ? await templateFor(serverUrl, options.template) : undefined;
  await admin(serverUrl, (c) =>
    c.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`),
  );
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: () => dropDatabase(serverUrl, name),
  };
}
