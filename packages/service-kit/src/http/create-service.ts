import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import underPressure from "@fastify/under-pressure";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
} from "fastify";
import type { Logger, LoggerOptions } from "pino";
import { BEARER_SCHEME, registerAuth } from "../auth/auth-plugin.ts";
import { anonymous } from "../auth/route-access.ts";
import type { TokenVerifier } from "../auth/token-verifier.ts";
import { runWithContext } from "../context/request-context.ts";
import { KitErrors } from "../errors/kit-errors.ts";
import { loggerOptions } from "../logging/create-logger.ts";
import { clientErrorHandler } from "./client-errors.ts";
import { frameworkErrors, registerErrorHandling, sendProblem } from "./error-handler.ts";
import { type ReadinessCheck, registerHealth } from "./health.ts";
import { declareProblemResponses } from "./problem-responses.ts";
import { setRequestTimeout } from "./request-timeout.ts";
import { RouteTable } from "./route-table.ts";
import { registerValidation } from "./validator.ts";

export type ServiceApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface ServiceOptions {
  name: string;
  version: string;
  description?: string;
  environment?: "development" | "test" | "production";
  /**
   * Verifies every request's bearer token; each route declares what it needs (`config.auth`). There is
   * no way to leave it out: the runner builds it from AUTH_*, tests from test-support's issuer.
   */
  auth: TokenVerifier;
  /** A pino logger to reuse, or the level for a new one. */
  logger?: Logger | { level: string } | false;
  readiness?: Record<string, ReadinessCheck>;
  /** Load shedding: answer 503 instead of queueing when the event loop is saturated. */
  maxEventLoopDelayMs?: number;
  /** The largest request body taken, in bytes (256 KiB by default); a larger one answers 413. */
  bodyLimitBytes?: number;
  /**
   * Whether a known path with a method it does not take answers 405 with `Allow` (the default) or
   * 404. An instance that serves part of the API (SERVICE_ROLE=read|write) answers 404: the method
   * may be served by its sibling instance, so "not allowed" would be untrue.
   */
  methodNotAllowed?: boolean;
  /**
   * How long a client may take to send a whole request, headers and body (default 30 s); then the
   * connection is closed with a 408. Without it a body sent a byte at a time holds a connection open
   * for as long as the client likes.
   */
  requestTimeoutMs?: number;
  /** A connection without any traffic for this long is closed (default 120 s, above the keep-alive). */
  connectionTimeoutMs?: number;
  /**
   * The OpenAPI document `/openapi.json` and the Swagger UI serve, when it is not the one this app's
   * own routes make (the gateway serves the document it aggregates from the services behind it).
   */
  openApiDocument?: () => Promise<unknown>;
  /**
   * How many proxies in front to trust for the client's address and protocol (X-Forwarded-For,
   * X-Forwarded-Proto); none by default, so a client cannot claim another address.
   */
  trustProxyHops?: number;
  /**
   * Plugins and hooks that must see every request before authentication does (the gateway's flood
   * guard, which must also count requests whose tokens are refused).
   */
  beforeAuth?: (app: ServiceApp) => Promise<void>;
  /** Serve HTTPS with this certificate and key (PEM) rather than HTTP. */
  https?: { cert: string | Buffer; key: string | Buffer };
}

const ID_HEADER = /^[\w.:-]{1,128}$/;

function loggerFor(options: ServiceOptions): {
  loggerInstance?: FastifyBaseLogger;
  logger?: LoggerOptions | false;
} {
  if (options.logger === false) return { logger: false };
  if (options.logger && "child" in options.logger) return { loggerInstance: options.logger };
  return { logger: loggerOptions(options.name, options.logger?.level ?? "info") };
}

/**
 * A Fastify app with what every service does the same way: logging with request and correlation
 * ids, strict validation, problem+json errors, health, OpenAPI and load shedding. The service adds
 * its route plugins, then calls `ready()`; it does not listen (see `runService`).
 */
export async function createService(options: ServiceOptions): Promise<ServiceApp> {
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  // An https.Server has every member the services use of an http.Server (listen, timeouts, close).
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    ...(options.trustProxyHops ? { trustProxy: options.trustProxyHops } : {}),
    ...loggerFor(options),
    bodyLimit: options.bodyLimitBytes ?? 256 * 1024,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && ID_HEADER.test(given) ? given : randomUUID();
    },
    connectionTimeout: options.connectionTimeoutMs ?? 120_000,
    return503OnClosing: true,
    forceCloseConnections: "idle",
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors,
    clientErrorHandler,
  } as Parameters<typeof Fastify>[0]).withTypeProvider<TypeBoxTypeProvider>() as unknown as ServiceApp;
  setRequestTimeout(app.server, requestTimeout);

  registerValidation(app);
  const routes = options.methodNotAllowed === false ? undefined : RouteTable.of(app);
  registerErrorHandling(app, { routes });
  declareProblemResponses(app);

  app.addHook("onRequest", (request, reply, done) => {
    const given = request.headers["x-correlation-id"];
    const correlationId = typeof given === "string" && ID_HEADER.test(given) ? given : request.id;
    reply.header("x-request-id", request.id);
    reply.header("x-correlation-id", correlationId);
    runWithContext({ requestId: request.id, correlationId, causationId: request.id }, done);
  });

  // Graceful shutdown: a keep-alive connection would hold `app.close()` open until its keep-alive
  // timeout, so a response sent once closing has begun closes its connection behind it.
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) reply.header("connection", "close");
    done(null, payload);
  });

  await app.register(underPressure, {
    // Tests run many apps in one busy process; shedding load there would only make them flaky.
    maxEventLoopDelay: options.maxEventLoopDelayMs ?? (options.environment === "test" ? 0 : 1000),
    retryAfter: 5,
    pressureHandler: (request, reply, type, value) => {
      // Health answers in its own format, whatever the load: a busy instance is still alive, and
      // readiness is for the orchestrator to judge, not for the shedder to refuse.
      if (request.url.startsWith("/health/")) return;
      void sendProblem(
        reply.header("retry-after", "5"),
        503,
        KitErrors.OVERLOADED,
        `service is overloaded (${type}: ${value})`,
      );
    },
  });

  await options.beforeAuth?.(app);
  // After the context (the principal becomes its actor) and load shedding (refused before any crypto).
  registerAuth(app, { verifier: options.auth, realm: options.name });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: `${options.name} service`,
        version: options.version,
        description: options.description ?? "",
      },
      components: {
        securitySchemes: {
          [BEARER_SCHEME]: {
            type: "http",
            scheme: "bearer",
            bearerFormat: "JWT",
            description: "A JWT from the configured issuer (Entra ID; `pnpm -s run token` in development)",
          },
        },
      },
      security: [{ [BEARER_SCHEME]: [] }],
    },
  });
  const document = options.openApiDocument;
  if (options.environment !== "production") {
    await app.register(async (docs) => {
      docs.addHook("onRoute", (route) => {
        route.config = { ...route.config, auth: anonymous() };
      });
      await docs.register(swaggerUi, {
        routePrefix: "/docs",
        // The UI always loads its document from /docs/json, which swagger-ui fills from app.swagger().
        ...(document
          ? {
              uiHooks: {
                onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
                  if (request.url.split("?")[0] === "/docs/json") return reply.send(await document());
                },
              },
            }
          : {}),
      });
    });
  }
  app.get("/openapi.json", { schema: { hide: true }, config: { auth: anonymous() } }, async () =>
    document ? document() : app.swagger(),
  );

  registerHealth(app, options.readiness ?? {}, { exposeErrors: options.environment !== "production" });
  return app;
}
