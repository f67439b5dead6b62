// The process entry of every service (its src/main.ts calls runServiceModule). Imports nothing but
// the telemetry starter: OpenTelemetry must be running before pg, @redis/client and Fastify's http
// are first loaded, so the service (and the rest of the kit) is imported only after it started.
import { startTelemetry } from "../telemetry/start-telemetry.ts";

interface SpecModule {
  // The spec's precise types do not matter here; runServiceSpec checks the module's spec.
  default: { name: string };
}

/**
 * Starts telemetry (when the environment asks for it), then imports the service's module, whose
 * default export is its spec, and runs it with runServiceSpec. One-shot commands (`--migrate-only`
 * and the like) run without telemetry.
 */
export async function runServiceModule(
  name: string,
  load: () => Promise<SpecModule>,
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const oneShot = argv.some((arg) => arg.startsWith("--"));
  const telemetry = oneShot
    ? undefined
    : await startTelemetry({ serviceName: name, env }).catch((error: Error) => {
        // Seeing nothing is better than not serving: the service starts without telemetry.
        console.error(`${name}: telemetry did not start (${error.message}); running without it`);
        return undefined;
      });
  const [{ runServiceSpec }, { default: spec }] = await Promise.all([
    import("./run-service-spec.ts"),
    load(),
  ]);
  if (spec.name !== name) throw new Error(`runServiceModule("${name}") loaded the spec of ${spec.name}`);
  await runServiceSpec(spec as Parameters<typeof runServiceSpec>[0], argv, env, {
    afterStop: telemetry && (() => telemetry.shutdown()),
  });
}
