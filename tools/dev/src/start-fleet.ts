// `npm start`: the whole fleet on one machine with nothing installed but Node.
//   FLEET_POSTGRES_URL  use this PostgreSQL server instead of the embedded one (a database per service)
//   FLEET_PG_PORT       port of the embedded PostgreSQL (default 5439)
//   FLEET_DATA_DIR      where the embedded PostgreSQL keeps its data, in <dir>/postgres (default .data)
//   FLEET_PORT_OFFSET   added to every service's default port (default 0), to run a second fleet
//   REDIS_URL           passed to services; without it they cache in process
//   FLEET_PRETTY        1: services' logs as readable coloured lines, 0: as JSON (default: readable
//                       exactly when stdout is a terminal); NO_COLOR drops the colours
//   --smoke             start, wait until every service is ready, seed, print, stop (CI checks the command)
//   --only=a,b          start only these services
//   --no-seed           do not put the demo data in place (see seed.ts)
//
// Ctrl+C (SIGINT to the terminal's foreground process group), SIGTERM or SIGHUP stops the fleet in
// order: the services, each draining and closing its connections, then PostgreSQL. Both run in
// process groups of their own so the Ctrl+C reaches only this process. If this process is killed
// outright (SIGKILL), the embedded PostgreSQL's helper notices and stops the services, then
// PostgreSQL (see postgres-server.ts); with FLEET_POSTGRES_URL the services keep running until
// stopped by hand, and the next start finds their ports taken.
import { isAbsolute, join } from "node:path";
import { devIssuerDir, devToken, FLEET_STAFF } from "./dev-auth.ts";
import { discoverServices, type Fleet, repositoryRoot, startFleet } from "./fleet.ts";
import { useBearerToken } from "./http-json.ts";
import { type PostgresServer, startEmbeddedPostgres } from "./postgres-server.ts";
import { describeDemoData, seedDemoData } from "./seed.ts";
import { prettyLogsWanted, serviceLineFormatter } from "./service-log-format.ts";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const seed = !args.includes("--no-seed");
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const log = (line: string) => process.stdout.write(`[fleet] ${line}\n`);
// After a SIGHUP (the terminal closed) writing fails; stopping the fleet must go on regardless.
process.stdout.on("error", () => undefined);

async function main() {
  // Installed first: a signal while PostgreSQL or the services start stops what has started.
  const starting = new AbortController();
  let postgres: Promise<PostgresServer> | undefined;
  let fleet: Promise<Fleet> | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping the fleet");
    starting.abort();
    const running = await fleet?.catch(() => undefined);
    await running?.stop();
    const server = await postgres?.catch(() => undefined);
    if (server) {
      log("stopping PostgreSQL");
      await server.stop();
    }
    log("stopped");
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));

  let server: PostgresServer;
  try {
    if (process.env.FLEET_POSTGRES_URL) {
      server = { url: process.env.FLEET_POSTGRES_URL, stop: async () => undefined };
      log(`using PostgreSQL at ${new URL(server.url).host}`);
    } else {
      const port = Number(process.env.FLEET_PG_PORT ?? 5439);
      const dataDir = process.env.FLEET_DATA_DIR || ".data";
      postgres = startEmbeddedPostgres(
        isAbsolute(dataDir) ? dataDir : join(repositoryRoot, dataDir),
        port,
        log,
      );
      server = await postgres;
      log(`embedded PostgreSQL on 127.0.0.1:${port} (data in ${join(dataDir, "postgres")})`);
    }
    const pretty = prettyLogsWanted(process.env, process.stdout.isTTY === true);
    const format = serviceLineFormatter(
      discoverServices(repositoryRoot)
        .map((s) => s.name)
        .filter((name) => !only || only.includes(name)),
      { pretty, colour: pretty && !process.env.NO_COLOR },
    );
    fleet = startFleet({
      postgresUrl: server.url,
      ...(only ? { only } : {}),
      portOffset: Number(process.env.FLEET_PORT_OFFSET ?? 0),
      env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "info" },
      log,
      output: (service, line) => process.stdout.write(`${format(service, line)}\n`),
      signal: starting.signal,
    });
    await fleet;
  } catch (error) {
    if (stopping) return;
    log(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
    return;
  }
  const running = await fleet;
  server.clients?.(running.services.flatMap((s) => (s.child.pid ? [s.child.pid] : [])));
  void running.crashed.then((name) => {
    log(`${name} stopped unexpectedly; stopping the others`);
    void stop(1);
  });

  log("the fleet is ready:");
  for (const s of running.services) log(`  ${s.name.padEnd(10)} ${s.url}   Swagger UI ${s.url}/docs`);
  const urlOf = (name: string) => running.services.find((s) => s.name === name)?.url;
  const gateway = urlOf("gateway");
  if (gateway)
    log(`the API, through the gateway: ${gateway}/api/...   one Swagger UI for all: ${gateway}/docs`);
  const adminToken = await devToken("dev-admin", ["admin"]);
  useBearerToken(await devToken(FLEET_STAFF.sub, FLEET_STAFF.roles));
  log(
    `tokens of the development issuer (keys in ${devIssuerDir()}; more: pnpm -s run token --sub <id> --roles <role,...>):`,
  );
  log(`  export ADMIN_TOKEN=${adminToken}`);
  if (seed) {
    try {
      const data = await seedDemoData({ catalog: urlOf("catalog"), customer: urlOf("customer") });
      log("demo data (created once, kept with the data folder):");
      const [customer] = data.customers;
      if (customer) {
        log(
          `a customer token (${customer.email}, who reads and acts only on their own orders, profile, invoices, shipments):`,
        );
        log(`  export CUSTOMER_TOKEN=${await devToken(customer.id, ["customer"])}`);
      }
      for (const line of describeDemoData(data, gateway ? `${gateway}/api` : urlOf("ordering")))
        log(`  ${line}`);
    } catch (error) {
      log(`seeding the demo data failed: ${error instanceof Error ? error.message : String(error)}`);
      // The fleet itself runs; only the smoke check, which checks the whole command, fails.
      if (smoke) {
        await stop(1);
        return;
      }
    }
  }
  if (smoke && gateway) {
    // The public path, as a client takes it: the gateway relays an anonymous catalogue read.
    const res = await fetch(`${gateway}/api/categories`).catch((error: Error) => error);
    if (res instanceof Error || !res.ok) {
      log(
        `the gateway does not relay GET /api/categories: ${res instanceof Error ? res.message : res.status}`,
      );
      await stop(1);
      return;
    }
    log("the gateway relays GET /api/categories");
  }
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
