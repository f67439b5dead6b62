import httpProxy from "@fastify/http-proxy";
import type { FastifyInstance } from "fastify";
import type { Upstreams } from "../config.ts";
import { PUBLIC_PREFIX, PUBLIC_RESOURCES } from "../domain/public-routes.ts";
import { forwardedHeaders } from "./forwarded-headers.ts";
import { gatewayAccess } from "./route-access.ts";
import { answerUpstreamFailure } from "./upstream-errors.ts";

export interface ProxyOptions {
  upstreams: Upstreams;
  timeoutMs: number;
}

const READS = ["GET", "HEAD"];
const COMMANDS = ["POST", "PUT", "PATCH", "DELETE"];

/**
 * `/api/<resource>/*` relayed to the owning service's `/<resource>/*`: reads to its read instance,
 * commands to its write instance (one relay each, so that each keeps a pool of connections to its
 * own upstream). Bodies are parsed here first (proxyPayloads: false) so that the gateway's body
 * limit, JSON syntax and content type checks refuse a bad body before any service sees it; the
 * services check again.
 */
export async function proxyRoutes(app: FastifyInstance, options: ProxyOptions): Promise<void> {
  for (const { resource, context } of PUBLIC_RESOURCES) {
    const upstream = options.upstreams[context];
    for (const [methods, base] of [
      [READS, upstream.read],
      [COMMANDS, upstream.write],
    ] as const) {
      await app.register(httpProxy, {
        prefix: `${PUBLIC_PREFIX}/${resource}`,
        rewritePrefix: `/${resource}`,
        upstream: base,
        httpMethods: [...methods],
        config: { auth: gatewayAccess(context, methods === READS) },
        proxyPayloads: false,
        disableRequestLogging: true,
        // undici: a pool of kept-alive connections per upstream, and far less work per request
        // than node:http's client.
        undici: {
          connections: 128,
          pipelining: 1,
          keepAliveTimeout: 30_000,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        },
        replyOptions: {
          rewriteRequestHeaders: (request, headers) => forwardedHeaders(request, headers),
          onError: answerUpstreamFailure(context, options.timeoutMs),
          // A service shedding load (503) is answered as it is, not retried: retries add to its load.
          retryDelay: () => null,
        },
      });
    }
  }
}
