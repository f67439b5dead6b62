// `npm start`: the whole fleet on one machine with nothing installed but Node.
//   FLEET_POSTGRES_URL  use this PostgreSQL server instead of the embedded one (a database per service)
//   FLEET_PG_PORT       port of the embedded PostgreSQL (default 5439)
//   REDIS_URL           passed to services; without it they cache in process
//   --smoke             start, wait until every service is ready, print, stop (CI checks the command)
//   --only a,b          start only these services
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverServices, type FleetService } from "./fleet-services.ts";
import {
  databaseUrl,
  ensureDatabases,
  type PostgresServer,
  startEmbeddedPostgres,
} from "./postgres-server.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const onlyArg = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const log = (line: string) => process.stdout.write(`[fleet] ${line}\n`);

function startService(service: FleetService, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn("pnpm", ["run", "--silent", "start"], { cwd: service.dir, env, detached: true });
  const prefix = `[${service.name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  return child;
}

async function waitReady(service: FleetService, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${service.name} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s`);
}

async function main() {
  const services = discoverServices(root).filter((s) => !onlyArg || onlyArg.split(",").includes(s.name));
  if (services.length === 0) throw new Error("no services to start");

  let postgres: PostgresServer;
  if (process.env.FLEET_POSTGRES_URL) {
    postgres = { url: process.env.FLEET_POSTGRES_URL, stop: async () => undefined };
    log(`using PostgreSQL at ${new URL(postgres.url).host}`);
  } else {
    const port = Number(process.env.FLEET_PG_PORT ?? 5439);
    postgres = await startEmbeddedPostgres(root, port, log);
    log(`embedded PostgreSQL on 127.0.0.1:${port} (data in .data/postgres)`);
  }
  await ensureDatabases(postgres.url, [...services.map((s) => s.database), "bus"]);

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping the fleet");
    for (const child of children.values()) {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    }
    await Promise.all(
      [...children.values()].map((c) =>
        c.exitCode === null ? new Promise((r) => c.once("exit", r)) : undefined,
      ),
    );
    await postgres.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  for (const service of services) {
    const env = {
      ...process.env,
      PORT: String(service.port),
      HOST: process.env.HOST ?? "127.0.0.1",
      DATABASE_URL: databaseUrl(postgres.url, service.database),
      BUS_DATABASE_URL: databaseUrl(postgres.url, "bus"),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    };
    log(`starting ${service.name} on port ${service.port}`);
    const child = startService(service, env);
    children.set(service.name, child);
    child.once("exit", (code) => {
      if (!stopping) {
        log(`${service.name} exited (code ${code}); stopping the others`);
        void stop(1);
      }
    });
  }

  try {
    await Promise.all(services.map((s) => waitReady(s, children.get(s.name) as ChildProcess)));
  } catch (error) {
    log(`start failed: ${(error as Error).message}`);
    await stop(1);
    return;
  }

  log("the fleet is ready:");
  for (const s of services) {
    const url = `http://127.0.0.1:${s.port}`;
    log(`  ${s.name.padEnd(10)} ${url}   Swagger UI ${url}/docs`);
  }
  if (smoke) {
    log("smoke check passed");
    await stop(0);
  } else {
    log("press Ctrl+C to stop");
  }
}

main().catch((error: unknown) => {
  log(`failed: ${(error as Error).message}`);
  process.exit(1);
});
