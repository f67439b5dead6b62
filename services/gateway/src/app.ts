import { readFileSync } from "node:fs";
import { createService, type ServiceApp, type TokenVerifier } from "@ecommerce/service-kit";
import type { Logger } from "pino";
import { aggregateOpenApi } from "./application/aggregate-openapi.ts";
import type { Upstreams } from "./config.ts";
import { registerPathGuard } from "./http/path-guard.ts";
import { proxyRoutes } from "./http/proxy-routes.ts";
import { type RateLimitOptions, registerRateLimit } from "./http/rate-limit.ts";
import { registerSecurityHeaders } from "./http/security-headers.ts";
import { cachedDocument, fetchServiceDocuments } from "./infrastructure/service-documents.ts";

export { gatewayConfigSchema, upstreamsFrom } from "./config.ts";
export { GatewayErrors } from "./domain/errors.ts";
export { PUBLIC_PREFIX, PUBLIC_RESOURCES } from "./domain/public-routes.ts";

export interface GatewayDependencies {
  logger: Logger;
  /** Verifies bearer tokens (the kit's verifier: the same issuer and audience as the services'). */
  auth: TokenVerifier;
  environment?: "development" | "test" | "production";
  upstreams: Upstreams;
  upstreamTimeoutMs?: number;
  bodyLimitBytes?: number;
  rateLimit?: RateLimitOptions;
  corsOrigins?: string[];
  /** PEM files; with both the gateway serves HTTPS. */
  tls?: { certFile: string; keyFile: string } | undefined;
  trustProxyHops?: number;
  requestTimeoutMs?: number;
  openApiCacheSeconds?: number;
  beforeClose?: () => Promise<void>;
}

export type GatewayApp = ServiceApp;

const VERSION = "0.1.0";

/** The gateway: the public API in front of the fleet's services. Does not listen (see main.ts). */
export async function buildGatewayApp(deps: GatewayDependencies): Promise<GatewayApp> {
  const document = cachedDocument(async () => {
    const documents = await fetchServiceDocuments(deps.upstreams);
    return {
      document: aggregateOpenApi(documents, {
        title: "E-commerce API",
        version: VERSION,
        description:
          "The public API of the e-commerce fleet, through its gateway: each resource is served by the " +
          "service that owns it. Errors are RFC 9457 problem details.",
      }),
      complete: documents.every((d) => d.document !== undefined),
    };
  }, deps.openApiCacheSeconds ?? 60);

  const app = await createService({
    name: "gateway",
    version: VERSION,
    description: "The API gateway",
    environment: deps.environment ?? "development",
    logger: deps.logger,
    bodyLimitBytes: deps.bodyLimitBytes ?? 256 * 1024,
    requestTimeoutMs: deps.requestTimeoutMs ?? 30_000,
    auth: deps.auth,
    // Counted before authentication, so that requests with refused tokens count too.
    beforeAuth: (app) => registerRateLimit(app, deps.rateLimit ?? { max: 300, windowMs: 60_000 }),
    openApiDocument: document,
    // Which methods a path takes is the service's to say (405 with Allow), not the gateway's.
    methodNotAllowed: false,
    trustProxyHops: deps.trustProxyHops ?? 0,
    ...(deps.tls
      ? { https: { cert: readFileSync(deps.tls.certFile), key: readFileSync(deps.tls.keyFile) } }
      : {}),
  });
  await registerSecurityHeaders(app, deps.corsOrigins ?? []);
  registerPathGuard(app);
  await proxyRoutes(app, { upstreams: deps.upstreams, timeoutMs: deps.upstreamTimeoutMs ?? 10_000 });
  app.addHook("onClose", async () => {
    await deps.beforeClose?.();
  });
  await app.ready();
  return app;
}
