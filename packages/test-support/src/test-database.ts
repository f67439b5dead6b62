import { randomBytes } from "node:crypto";
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
   * Prepares a template once per process (e.g. applies migrations); every test database is then a
   * cheap copy of it. The same key shares one template.
   */
  template?: { key: string; prepare(url: string): Promise<void> };
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

async function templateFor(serverUrl: string, key: string, prepare: (url: string) => Promise<void>) {
  let pending = templates.get(key);
  if (!pending) {
    pending = (async () => {
      const name = uniqueName(`tpl_${key}`);
      await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
      await prepare(withDatabase(serverUrl, name));
      process.once("beforeExit", () => void dropDatabase(serverUrl, name));
      return name;
    })();
    templates.set(key, pending);
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
  const template = options.template
    ? await templateFor(serverUrl, options.template.key, options.template.prepare)
    : undefined;
  await admin(serverUrl, (c) =>
    c.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`),
  );
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: () => dropDatabase(serverUrl, name),
  };
}
