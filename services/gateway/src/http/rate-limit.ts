import { HttpProblem } from "@ecommerce/service-kit";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Redis } from "ioredis";
import { GatewayErrors } from "../domain/errors.ts";

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  /** Shared counters for every gateway instance; without it each instance counts on its own. */
  redisUrl?: string | undefined;
  /** The client's identity once authenticated (the token's subject), if any. */
  identityOf?: (request: FastifyRequest) => string | undefined;
}

/**
 * Per client: the token's subject when there is one, else the address (behind App Service, the
 * client's, from X-Forwarded-For with TRUST_PROXY_HOPS). Over the limit: 429 problem+json with
 * Retry-After. The draft RateLimit headers tell a client where it stands before it gets there.
 */
export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, {
        // A gateway must answer while Redis is away: fail fast, and rate-limit lets the request through.
        connectTimeout: 1000,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: false,
      })
    : undefined;
  redis?.on("error", (error) => app.log.warn({ err: error }, "rate limit store: redis error"));
  // Counted from the first request: without an offline queue, commands sent while connecting fail
  // (and are let through). A Redis that is not there at start does not stop the gateway either.
  if (redis && redis.status !== "ready") {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowMs,
    hook: "preHandler",
    nameSpace: "gateway-rate-limit:",
    ...(redis ? { redis, skipOnError: true } : {}),
    keyGenerator: (request) => {
      const subject = options.identityOf?.(request);
      return subject ? `sub:${subject}` : `ip:${request.ip}`;
    },
    // Liveness and readiness probes come from the platform, often from one address.
    allowList: (request) => request.url.startsWith("/health/"),
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(
        429,
        GatewayErrors.RATE_LIMITED,
        `more than ${context.max} requests in ${context.after}; retry after ${Math.ceil(context.ttl / 1000)} s`,
      ),
  });
  app.addHook("onClose", async () => {
    await redis?.quit().catch(() => undefined);
  });
}
