import { BusConfigError } from "@ecommerce/messaging";
import type { TProperties } from "typebox";
import { AuthConfigError } from "../auth/auth-config.ts";
import { ConfigError } from "../config/load-config.ts";
import { createLogger } from "../logging/create-logger.ts";
import { configuredSecrets, SecretRedactor } from "../logging/secret-redactor.ts";
import { BUS_ENV_VARIABLES } from "./bus-plan.ts";
import { prepareDatabase } from "./prepare-database.ts";
import { runnerConfigObject } from "./runner-config.ts";
import { loadRunnerSettings } from "./runner-settings.ts";
import { type BuiltService, databaseOf, type ServiceDatabase, type ServiceSpec } from "./service-spec.ts";
import { startService } from "./start-service.ts";

/** `--migrate-only` (`pnpm db:migrate`, or `node main.mjs --migrate-only` on a built artifact). */
async function migrateOnly(
  spec: ServiceSpec<TProperties, ServiceDatabase | undefined, BuiltService>,
  env: NodeJS.ProcessEnv,
) {
  const database = databaseOf(spec);
  if (!database) {
    console.log(`${spec.name}: no database, nothing to migrate`);
    return;
  }
  const { config, databasePassword, redactor } = await loadRunnerSettings(spec, env);
  const applied = await prepareDatabase({
    name: spec.name,
    databaseUrl: config.DATABASE_URL,
    production: config.NODE_ENV === "production",
    migrations: database.migrations,
    logger: createLogger(spec.name, config.LOG_LEVEL, { redactor }),
    password: databasePassword,
  });
  console.log(`${spec.name}: ${applied.length} migration(s) applied`);
}

/**
 * What a deployment needs to know of a service, without starting it (`node main.mjs --describe`):
 * its name, default port, whether it has a database, and every variable it reads (the JSON Schema
 * the runner validates, and the bus's). Compose, Bicep and the pipeline are checked against it.
 */
export function describeService(spec: ServiceSpec<TProperties, ServiceDatabase | undefined, BuiltService>) {
  const database = databaseOf(spec) !== undefined;
  return {
    name: spec.name,
    port: spec.port,
    database,
    consumesEvents: spec.subscribe !== undefined,
    cache: Boolean(spec.cache),
    configSchema: runnerConfigObject(spec.port, spec.config ?? {}, { database }),
    busVariables: [...BUS_ENV_VARIABLES],
  };
}

/**
 * The process entry of every service: starts it from its spec (or only migrates, with
 * `--migrate-only`, or describes it with `--describe`), and on SIGTERM/SIGINT stops it in order (see RunningService.stop). A bad
 * configuration prints one clear message and exits 1; so does a shutdown that outlives
 * SHUTDOWN_GRACE_MS, or a second signal.
 */
export async function runServiceSpec<
  Own extends TProperties,
  Db extends ServiceDatabase | undefined,
  Built extends BuiltService,
>(
  spec: ServiceSpec<Own, Db, Built>,
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  hooks: { afterStop?: (() => Promise<void>) | undefined } = {},
): Promise<void> {
  try {
    if (argv.includes("--describe")) {
      console.log(JSON.stringify(describeService(spec as unknown as ServiceSpec)));
      return;
    }
    if (argv.includes("--migrate-only")) {
      await migrateOnly(spec as unknown as ServiceSpec, env);
      return;
    }
    const running = await startService(spec, env);
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) process.exit(1);
      stopping = true;
      running.logger.info({ signal }, "shutting down");
      setTimeout(() => {
        running.logger.error("grace period over, exiting");
        process.exit(1);
      }, running.config.SHUTDOWN_GRACE_MS).unref();
      try {
        await running.stop();
        // Telemetry last: it exports what the shutdown itself traced and counted.
        await hooks.afterStop?.().catch((err) => running.logger.warn({ err }, "flushing telemetry failed"));
        running.logger.info("stopped");
        process.exit(0);
      } catch (error) {
        running.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      }
    };
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    process.on("SIGINT", () => void shutdown("SIGINT"));
  } catch (error) {
    const known =
      error instanceof ConfigError || error instanceof BusConfigError || error instanceof AuthConfigError;
    // Not through the logger (there may be none yet): the known secrets are blanked here too.
    const redactor = new SecretRedactor(configuredSecrets(env));
    console.error(
      redactor.redact(`${spec.name}: ${known ? "" : "failed to start: "}${(error as Error).message}`),
    );
    process.exit(1);
  }
}
