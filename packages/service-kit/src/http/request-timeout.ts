import type { Server } from "node:http";

/**
 * Sets how long a client may take to send a whole request (headers and body) on a server that is
 * not listening yet; the connection is closed with a 408 after it. Node checks the timeout on an
 * interval (30 s by default, which would nearly double a short timeout), so that shrinks with it.
 */
export function setRequestTimeout(server: Server, ms: number): void {
  server.requestTimeout = ms;
  server.headersTimeout = Math.min(server.headersTimeout, ms);
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    1_000,
    ms,
  );
}
