// `pnpm bus` with no bus settings talks to the local development fleet (`npm start`), whose bus is
// the database "bus" on its PostgreSQL: the embedded one on 127.0.0.1:FLEET_PG_PORT (default 5439,
// user and password postgres), or FLEET_POSTGRES_URL's server when that is set. These are the
// defaults of tools/dev/src/start-fleet.ts; keep the two in step.

export const LOCAL_FLEET_PG_PORT = 5439;

export interface LocalFleetBus {
  env: Record<string, string | undefined>;
  /** The URL filled in, when it was (no password). */
  defaulted?: string;
}

/**
 * `env` with BUS_DATABASE_URL set to the local fleet's bus database when the transport is postgres
 * and no URL is given; otherwise `env` unchanged.
 */
export function withLocalFleetBus(env: Record<string, string | undefined>): LocalFleetBus {
  const transport = env.BUS_TRANSPORT?.trim() || "postgres";
  if (transport !== "postgres" || env.BUS_DATABASE_URL?.trim()) return { env };
  const server = env.FLEET_POSTGRES_URL?.trim()
    ? new URL(env.FLEET_POSTGRES_URL.trim())
    : new URL(
        `postgres://postgres:postgres@127.0.0.1:${env.FLEET_PG_PORT?.trim() || LOCAL_FLEET_PG_PORT}/postgres`,
      );
  server.pathname = "/bus";
  const url = server.toString();
  server.password = "";
  return { env: { ...env, BUS_DATABASE_URL: url }, defaulted: server.toString() };
}
