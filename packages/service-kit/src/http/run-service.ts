import type { FastifyInstance } from "fastify";

export interface RunOptions {
  port: number;
  host: string;
  /** Closes what the app does not own (pools, bus, relay) after in-flight requests finish. */
  onShutdown?: () => Promise<void>;
  /** How long in-flight requests may take before the process exits anyway. */
  graceMs?: number;
}

/**
 * Listens and shuts down gracefully on SIGTERM/SIGINT: stop accepting, let in-flight requests
 * finish, close pools, exit. A second signal, or the grace period running out, exits at once.
 */
export async function runService(app: FastifyInstance, options: RunOptions): Promise<string> {
  const address = await app.listen({ port: options.port, host: options.host });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      app.log.error("grace period over, exiting");
      process.exit(1);
    }, options.graceMs ?? 10_000);
    timer.unref();
    try {
      await app.close();
      await options.onShutdown?.();
      app.log.info("stopped");
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  return address;
}
