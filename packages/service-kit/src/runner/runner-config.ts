import { type Static, type TObject, type TProperties, Type } from "typebox";
import { authConfigSchema } from "../auth/auth-config.ts";
import { baseConfigSchema, portSchema } from "../config/base-config.ts";
import { loadConfig } from "../config/load-config.ts";

/** Variables the runner reads for every service, besides the base ones. */
export function runnerConfigSchema(defaultPort: number) {
  return {
    ...baseConfigSchema,
    ...authConfigSchema,
    PORT: portSchema(defaultPort),
    /** The port App Service was told the app listens on; PORT, when set, wins. */
    WEBSITES_PORT: Type.Optional(portSchema(defaultPort)),
    DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    /** Redis for the read-model cache (services that cache). See cacheModeFromEnv for CACHE_MODE. */
    REDIS_URL: Type.Optional(Type.String({ pattern: "^rediss?://" })),
    CACHE_MODE: Type.Union(
      ["auto", "redis", "memory", "off"].map((m) => Type.Literal(m)),
      { default: "auto" },
    ),
    CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
    /** `false`: no bus outside production (events wait in the outbox, none are consumed). */
    BUS_ENABLED: Type.Boolean({ default: true }),
    /** Readiness fails when the oldest unpublished outbox row is older than this. */
    RELAY_MAX_LAG_SECONDS: Type.Integer({ minimum: 1, default: 300 }),
    /** How long a client may take to send a whole request. */
    REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 30_000 }),
    /** Shutdown: requests get half of it, then connections are cut; past it the process exits 1. */
    SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 100, default: 10_000 }),
  };
}

export type RunnerConfigProperties = ReturnType<typeof runnerConfigSchema>;
export type RunnerConfig<Own extends TProperties = Record<never, never>> = Static<
  TObject<RunnerConfigProperties>
> &
  Static<TObject<Own>>;

/**
 * Where to listen when HOST and PORT are not set. In production on every interface (App Service and
 * containers reach the app from outside its network namespace) and on App Service's port
 * (PORT, or WEBSITES_PORT); elsewhere on 127.0.0.1, so that a developer's service is not exposed.
 */
export function listenDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const set = (name: string) => (env[name] ?? "") !== "";
  return {
    ...env,
    ...(set("HOST") ? {} : { HOST: env.NODE_ENV === "production" ? "0.0.0.0" : "127.0.0.1" }),
    ...(!set("PORT") && set("WEBSITES_PORT") ? { PORT: env.WEBSITES_PORT } : {}),
  };
}

/**
 * The runner's variables and the service's own, validated together (a ConfigError lists every bad
 * one), with the listening defaults above.
 */
export function loadRunnerConfig<Own extends TProperties>(
  defaultPort: number,
  own: Own,
  env: NodeJS.ProcessEnv,
  options: { database: boolean } = { database: true },
): RunnerConfig<Own> {
  return loadConfig(runnerConfigObject(defaultPort, own, options), listenDefaults(env)) as RunnerConfig<Own>;
}

/**
 * The schema of every variable a service reads through the runner, its own included. A service
 * without a database is not asked for DATABASE_URL.
 */
export function runnerConfigObject<Own extends TProperties>(
  defaultPort: number,
  own: Own,
  options: { database: boolean } = { database: true },
) {
  const { DATABASE_URL, ...rest } = runnerConfigSchema(defaultPort);
  const runner = options.database ? { ...rest, DATABASE_URL } : rest;
  return Type.Object({ ...runner, ...own });
}
