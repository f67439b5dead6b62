// `npm start`: the whole fleet on one machine with nothing installed but Node.
//   FLEET_POSTGRES_URL  use this PostgreSQL server instead of the embedded one (a database per service)
//   FLEET_PG_PORT       port of the embedded PostgreSQL (default 5439)
//   REDIS_URL           passed to services; without it they cache in process
//   --smoke             start, wait until every service is ready, print, stop (CI checks the command)
//   --only=a,b          start only these services
import { type Fleet, repositoryRoot, startFleet } from "./fleet.ts";
import { type PostgresServer, startEmbeddedPostgres } from "./postgres-server.ts";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const log = (line: string) => process.stdout.write(`[fleet] ${line}\n`);

async function main() {
  let postgres: PostgresServer;
  if (process.env.FLEET_POSTGRES_URL) {
    postgres = { url: process.env.FLEET_POSTGRES_URL, stop: async () => undefined };
    log(`using PostgreSQL at ${new URL(postgres.url).host}`);
  } else {
    const port = Number(process.env.FLEET_PG_PORT ?? 5439);
    postgres = await startEmbeddedPostgres(repositoryRoot, port, log);
    log(`embedded PostgreSQL on 127.0.0.1:${port} (data in .data/postgres)`);
  }

  let fleet: Fleet | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping the fleet");
    await fleet?.stop();
    await postgres.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    fleet = await startFleet({
      postgresUrl: postgres.url,
      ...(only ? { only } : {}),
      env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "info" },
      log,
      output: (service, line) => process.stdout.write(`[${service}] ${line}\n`),
    });
  } catch (error) {
    log(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
    return;
  }
  void fleet.crashed.then((name) => {
    log(`${name} stopped unexpectedly; stopping the others`);
    void stop(1);
  });

  log("the fleet is ready:");
  for (const s of fleet.services) log(`  ${s.name.padEnd(10)} ${s.url}   Swagger UI ${s.url}/docs`);
  if (smoke) {
    log("smoke check passed");
    await stop(0);
  } else {
    log("press Ctrl+C to stop");
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
