// The service, declared; the runner (service-kit) owns config, readiness and shutdown; the gateway owns no
// database, so it has no migrations and no bus.
import { defineService } from "@ecommerce/service-kit";
import { buildGatewayApp } from "./app.ts";
import { corsOriginsFrom, gatewayConfigSchema, upstreamsFrom } from "./config.ts";

export default defineService({
  name: "gateway",
  port: 3000,
  config: gatewayConfigSchema,
  build: async (deps) => {
    const { config } = deps;
    const tls =
      config.TLS_CERT_FILE && config.TLS_KEY_FILE
        ? { certFile: config.TLS_CERT_FILE, keyFile: config.TLS_KEY_FILE }
        : undefined;
    if (!tls && (config.TLS_CERT_FILE || config.TLS_KEY_FILE)) {
      throw new Error("set both TLS_CERT_FILE and TLS_KEY_FILE, or neither");
    }
    const app = await buildGatewayApp({
      logger: deps.logger,
      auth: deps.auth,
      environment: deps.environment,
      upstreams: upstreamsFrom(config),
      upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      rateLimit: {
        max: config.RATE_LIMIT_MAX,
        windowMs: config.RATE_LIMIT_WINDOW_MS,
        redisUrl: config.REDIS_URL,
      },
      corsOrigins: corsOriginsFrom(config.CORS_ORIGINS),
      tls,
      trustProxyHops: config.TRUST_PROXY_HOPS,
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      openApiCacheSeconds: config.OPENAPI_CACHE_SECONDS,
      beforeClose: deps.beforeClose,
    });
    return { app };
  },
});
