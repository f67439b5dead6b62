import { HttpProblem, sendProblem } from "@ecommerce/service-kit";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Redis } from "ioredis";
import { GatewayErrors } from "../domain/errors.ts";

export interface RateLimitOptions {
  /** Requests per client (token subject, else address) per window. */
  max: number;
  windowMs: number;
  /**
   * Requests per address per window before authentication, whatever the token (refused ones
   * included): a flood guard, above `max` so that it never binds a well-behaved client. Default 4 × max.
   */
  floodMax?: number | undefined;
  /** Shared counters for every gateway instance; without it each instance counts on its own. */
  redisUrl?: string | undefined;
  /** Prefix of the counters' keys in Redis: gateways of different deployments on one Redis count apart. */
  keyPrefix?: string | undefined;
  /** The client's identity once authenticated; default: the verified token's subject. */
  identityOf?: (request: FastifyRequest) => string | undefined;
}

const isHealth = (request: FastifyRequest) => request.url.startsWith("/health/");

function refusal(max: number, windowMs: number, ttlMs: number) {
  return `more than ${max} requests in ${Math.round(windowMs / 1000)} s; retry after ${Math.ceil(ttlMs / 1000)} s`;
}

async function connectedRedis(app: FastifyInstance, url: string): Promise<Redis> {
  const redis = new Redis(url, {
    // A gateway must answer while Redis is away: fail fast, and the request is let through.
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  redis.on("error", (error) => app.log.warn({ err: error }, "rate limit store: redis error"));
  // Counted from the first request: without an offline queue, commands sent while connecting fail
  // (and are let through). A Redis that is not there at start does not stop the gateway either.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}

/**
 * Two limits, both answered 429 problem+json with Retry-After (the draft RateLimit headers tell a
 * client where it stands before it gets there):
 * - per client, once authenticated: the verified token's subject, or the address of an anonymous
 *   client (behind App Service, the client's own, from X-Forwarded-For with TRUST_PROXY_HOPS);
 * - per address, before authentication: a flood of requests with refused tokens is cut off too.
 * Registered before the kit's authentication (createService's `beforeAuth`) so that the flood
 * guard's hook runs ahead of it.
 */
export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  const redis = options.redisUrl ? await connectedRedis(app, options.redisUrl) : undefined;
  const identityOf = options.identityOf ?? ((request) => request.access?.principal?.subject);
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowMs,
    hook: "preHandler",
    nameSpace: options.keyPrefix ?? "gateway-rate-limit:",
    ...(redis ? { redis, skipOnError: true } : {}),
    keyGenerator: (request) => {
      const subject = identityOf(request);
      return subject ? `sub:${subject}` : `ip:${request.ip}`;
    },
    // Liveness and readiness probes come from the platform, often from one address.
    allowList: isHealth,
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(429, GatewayErrors.RATE_LIMITED, refusal(context.max, options.windowMs, context.ttl)),
  });

  const floodMax = options.floodMax ?? options.max * 4;
  const flood = app.createRateLimit({
    max: floodMax,
    timeWindow: options.windowMs,
    keyGenerator: (request) => `flood:${request.ip}`,
    allowList: isHealth,
  });
  app.addHook("onRequest", async (request, reply) => {
    const counted = await flood(request);
    if (!counted.isAllowed && counted.isExceeded) {
      return sendProblem(
        reply.header("retry-after", String(counted.ttlInSeconds)),
        429,
        GatewayErrors.RATE_LIMITED,
        refusal(floodMax, options.windowMs, counted.ttl),
      );
    }
  });
  app.addHook("onClose", async () => {
    await redis?.quit().catch(() => undefined);
  });
}
