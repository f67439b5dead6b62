import { anonymous } from "@ecommerce/service-kit";
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/** Headers a browser may send to the API, and those its scripts may read from the answers. */
const ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "idempotency-key",
  "if-match",
  "if-none-match",
  "x-request-id",
  "x-correlation-id",
  "traceparent",
  "tracestate",
];
const EXPOSED_HEADERS = [
  "etag",
  "location",
  "retry-after",
  "x-request-id",
  "x-correlation-id",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
];

/**
 * Security headers on every answer (helmet's defaults: HSTS, nosniff, frame denial, a strict
 * referrer policy, a same-origin CSP that the Swagger UI works under), and CORS for the origins in
 * the allow-list only. Bearer tokens travel in a header, not a cookie, so credentials stay off.
 */
export async function registerSecurityHeaders(app: FastifyInstance, origins: string[]): Promise<void> {
  await app.register(helmet, { global: true });
  // A browser sends a preflight without credentials, whatever the request it asks about.
  app.addHook("onRoute", (route) => {
    if (route.method === "OPTIONS" && route.url === "*")
      route.config = { ...route.config, auth: anonymous() };
  });
  await app.register(cors, {
    origin: origins.length > 0 ? origins : false,
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
  });
}
