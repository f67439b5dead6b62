// `pnpm db:slow-queries <service> [--limit N]`: the service's slowest statements by mean time, from
// pg_stat_statements. The database is DATABASE_URL, or else the service's database on the local
// fleet's PostgreSQL (FLEET_POSTGRES_URL's server, or the embedded one on FLEET_PG_PORT, as `npm start`
// runs them).
import { discoverServices, repositoryRoot } from "./fleet.ts";
import { databaseUrl } from "./postgres-server.ts";
import { SlowQueriesUnavailable, slowQueries, slowQueriesTable } from "./slow-queries.ts";

const LOCAL_FLEET_PG_PORT = 5439;

function usage(message: string): never {
  console.error(`${message}\nusage: pnpm db:slow-queries <service> [--limit N]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const limitAt = args.indexOf("--limit");
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 10;
if (!Number.isInteger(limit) || limit < 1) usage("--limit takes a positive whole number");
const service = args.find((arg, i) => !arg.startsWith("--") && (limitAt < 0 || i !== limitAt + 1));
const withDatabase = discoverServices(repositoryRoot)
  .filter((s) => s.database)
  .map((s) => s.name);
if (!service) usage(`name a service: ${withDatabase.join(", ")}`);
if (!withDatabase.includes(service))
  usage(`${service} has no database; services with one: ${withDatabase.join(", ")}`);

const server =
  process.env.FLEET_POSTGRES_URL?.trim() ||
  `postgres://postgres:postgres@127.0.0.1:${process.env.FLEET_PG_PORT?.trim() || LOCAL_FLEET_PG_PORT}/postgres`;
const url = process.env.DATABASE_URL?.trim() || databaseUrl(server, service);
const shown = new URL(url);
shown.password = "";
try {
  const statements = await slowQueries(url, limit);
  console.log(`${service}: top ${limit} statements by mean time (${shown.host}${shown.pathname})`);
  console.log(statements.length ? slowQueriesTable(statements) : "no statements recorded yet");
} catch (error) {
  if (error instanceof SlowQueriesUnavailable) {
    console.error(`${service} (${shown.host}${shown.pathname}): ${error.message}`);
    process.exit(3);
  }
  console.error(`${service}: could not read ${shown.host}${shown.pathname}: ${(error as Error).message}`);
  console.error("is the fleet running (npm start), or DATABASE_URL set to the service's database?");
  process.exit(1);
}
