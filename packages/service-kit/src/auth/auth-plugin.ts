import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { currentContext } from "../context/request-context.ts";
import { KitErrors } from "../errors/kit-errors.ts";
import { sendProblem } from "../http/error-handler.ts";
import { problemResponse } from "../http/problem-responses.ts";
import { holdsAnyRole, isCustomer, type Principal } from "./principal.ts";
import "./request-access.ts";
import { describeAccess, type RouteAccess, type RouteAccessEntry, UNDECLARED } from "./route-access.ts";
import { SigningKeysUnavailable, TokenErrors, TokenRejected } from "./token-rejected.ts";
import type { TokenVerifier } from "./token-verifier.ts";

export interface AuthPluginOptions {
  verifier: TokenVerifier;
  /** The `realm` of `WWW-Authenticate`: the service's name. */
  realm: string;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every route and what it declares (`access` undefined: nothing), for the tests' checks. */
    routeAccess: RouteAccessEntry[];
  }
}

export const BEARER_SCHEME = "bearer";
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i;
const MAX_TOKEN_LENGTH = 8192;

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, "")}"`;
}

function unauthorised(reply: FastifyReply, realm: string, code: string, detail: string) {
  // RFC 6750: no `error` when no token was sent; `invalid_token` for a token refused.
  const error =
    code === TokenErrors.MISSING ? "" : `, error="invalid_token", error_description=${quoted(detail)}`;
  reply.header("www-authenticate", `Bearer realm=${quoted(realm)}${error}`);
  return sendProblem(reply, 401, code, detail);
}

function forbidden(reply: FastifyReply, realm: string, access: RouteAccess & { anonymous: false }) {
  const scope = access.roles.join(" ");
  reply.header(
    "www-authenticate",
    `Bearer realm=${quoted(realm)}, error="insufficient_scope", scope=${quoted(scope)}`,
  );
  const owner = access.owner ? " (or a customer token, for the customer's own resources)" : "";
  return sendProblem(
    reply,
    403,
    KitErrors.FORBIDDEN,
    `this needs one of the roles ${access.roles.join(", ")}${owner}`,
  );
}

/** Documents the declaration: the security requirement, 401/403, and who may call. */
function documentAccess(route: RouteOptions, access: RouteAccess): void {
  // A route without a schema is documented too (swagger lists it): it gets one to carry its security.
  route.schema ??= {};
  const schema = route.schema as Record<string, unknown> & {
    hide?: boolean;
    response?: Record<string, unknown>;
  };
  if (schema.hide) return;
  schema.security = access.anonymous ? [{}, { [BEARER_SCHEME]: [] }] : [{ [BEARER_SCHEME]: [] }];
  const who = describeAccess(access);
  schema.description = schema.description ? `${String(schema.description)}\n\n${who}` : who;
  const responses: Record<string, unknown> = {
    401: problemResponse(
      access.anonymous
        ? "The bearer token sent is invalid, expired or not for this API (`WWW-Authenticate` says why)"
        : "No bearer token, or one that is invalid, expired or not for this API (`WWW-Authenticate` says why)",
    ),
  };
  if (!access.anonymous) responses[403] = problemResponse("The token lacks a role this needs");
  schema.response = { ...responses, ...(schema.response ?? {}) };
}

/**
 * Authentication and authorisation for every route of a service (createService registers it, so
 * no service can leave it out). Each route declares what it needs in `config.auth`; an undeclared
 * one is admin-only. It runs first, on `onRequest`: a refused request's body is never read.
 */
export function registerAuth(app: FastifyInstance, options: AuthPluginOptions): void {
  const { verifier, realm } = options;
  // Read when asked: a plugin's own onRoute hook (the docs') may declare its routes after this one ran.
  const routes: RouteOptions[] = [];
  app.decorate("routeAccess", {
    getter: () =>
      routes.flatMap((route) =>
        [route.method]
          .flat()
          .map((method) => ({ method: method.toUpperCase(), url: route.url, access: route.config?.auth })),
      ),
  });
  app.addHook("onRoute", (route) => {
    routes.push(route);
    documentAccess(route, route.config?.auth ?? UNDECLARED);
  });

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    // No route: the not-found handler answers 404/405 without reading anything.
    if (request.is404) return;
    const access = request.routeOptions.config.auth ?? UNDECLARED;
    const header = request.headers.authorization;
    if (header === undefined || header === "") {
      request.access = { principal: undefined, customerId: undefined };
      if (access.anonymous) return;
      return unauthorised(
        reply,
        realm,
        TokenErrors.MISSING,
        "this needs a bearer token (Authorization: Bearer <JWT>)",
      );
    }
    const match = header.length <= MAX_TOKEN_LENGTH ? BEARER.exec(header) : null;
    if (!match?.[1]) {
      return unauthorised(
        reply,
        realm,
        TokenErrors.INVALID,
        "the Authorization header is not `Bearer <JWT>`",
      );
    }
    let principal: Principal;
    try {
      principal = await verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof TokenRejected) return unauthorised(reply, realm, error.code, error.message);
      if (error instanceof SigningKeysUnavailable) {
        request.log.error({ err: error }, "token verification failed: signing keys unavailable");
        return sendProblem(reply.header("retry-after", "5"), 503, KitErrors.AUTH_UNAVAILABLE, error.message);
      }
      throw error;
    }
    const context = currentContext();
    if (context) context.actor = { id: principal.subject, roles: [...principal.roles] };
    if (access.anonymous || holdsAnyRole(principal, access.roles)) {
      request.access = { principal, customerId: undefined };
      return;
    }
    if (access.owner && isCustomer(principal)) {
      request.access = { principal, customerId: principal.subject };
      return;
    }
    return forbidden(reply, realm, access);
  });
}
