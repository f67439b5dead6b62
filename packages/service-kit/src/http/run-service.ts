import type { FastifyInstance } from "fastify";

export interface RunOptions {
  port: number;
  host: string;
  /** Closes what the app does not own (pools, bus, relay) after in-flight requests finish. */
  onShutdown?: () => Promise<void>;
  /** How long shutting down may take before the process exits anyway (default 10 s). */
  graceMs?: number;
  /**
   * How long in-flight requests may take before their connections are cut (default half the grace
   * period), so that what closes after them (bus, relay, database) always gets its turn.
   */
  drainMs?: number;
}

/**
 * Closes the app: no new connections, idle ones closed at once (Node's server.close), requests in
 * flight may finish until `drainMs`, then their connections are cut (a client sending a byte at a
 * time must not hold the process), then the app's onClose hooks run.
 */
export async function closeApp(app: FastifyInstance, drainMs: number): Promise<void> {
  const force = setTimeout(() => {
    app.log.warn({ drainMs }, "requests still in flight after the drain period; closing their connections");
    app.server.closeAllConnections();
  }, drainMs);
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
}

/**
 * Listens and shuts down gracefully on SIGTERM/SIGINT: stop accepting, let in-flight requests
 * finish, close pools, exit. A second signal, or the grace period running out, exits at once.
 */
export async function runService(app: FastifyInstance, options: RunOptions): Promise<string> {
  const address = await app.listen({ port: options.port, host: options.host });
  const graceMs = options.graceMs ?? 10_000;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      app.log.error("grace period over, exiting");
      process.exit(1);
    }, graceMs);
    timer.unref();
    try {
      await closeApp(app, options.drainMs ?? graceMs / 2);
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
