import httpProxy from "@fastify/http-proxy";
import type { FastifyInstance } from "fastify";
import type { Upstreams } from "../config.ts";
import { isRead, PUBLIC_PREFIX, PUBLIC_RESOURCES } from "../domain/public-routes.ts";
import { forwardedHeaders } from "./forwarded-headers.ts";
import { answerUpstreamFailure } from "./upstream-errors.ts";

export interface ProxyOptions {
  upstreams: Upstreams;
  timeoutMs: number;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/**
 * `/api/<resource>/*` relayed to the owning service's `/<resource>/*`: reads to its read instance,
 * commands to its write instance. Bodies are parsed here first (proxyPayloads: false) so that the
 * gateway's body limit, JSON syntax and content type checks refuse a bad body before any service
 * sees it; the services check again.
 */
export async function proxyRoutes(app: FastifyInstance, options: ProxyOptions): Promise<void> {
  for (const { resource, context } of PUBLIC_RESOURCES) {
    const upstream = options.upstreams[context];
    await app.register(httpProxy, {
      prefix: `${PUBLIC_PREFIX}/${resource}`,
      rewritePrefix: `/${resource}`,
      upstream: upstream.write,
      httpMethods: METHODS,
      proxyPayloads: false,
      disableRequestLogging: true,
      http: {
        agentOptions: { keepAlive: true, maxSockets: 256 },
        requestOptions: { timeout: options.timeoutMs },
      },
      replyOptions: {
        getUpstream: (request) => (isRead(request.method) ? upstream.read : upstream.write),
        rewriteRequestHeaders: (request, headers) => forwardedHeaders(request, headers),
        onError: answerUpstreamFailure(context, options.timeoutMs),
        // A service shedding load (503) is answered as it is, not retried: retries add to its load.
        retryDelay: () => null,
      },
    });
  }
}
