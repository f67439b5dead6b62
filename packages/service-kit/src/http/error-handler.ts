import { DomainError } from "@ecommerce/domain-kernel";
import { trace } from "@opentelemetry/api";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApplicationError, type ErrorKind } from "../errors/application-error.ts";
import { KitErrors } from "../errors/kit-errors.ts";
import { mapFastifyError, requiredBody } from "./fastify-errors.ts";
import { HttpProblem, problem } from "./problems.ts";
import type { RouteTable } from "./route-table.ts";
import { type AjvError, sentenceFor } from "./schema-messages.ts";

/** The HTTP edge alone decides what a refusal's kind means as a status. */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 422,
  "illegal-state": 409,
  conflict: 409,
  "not-found": 404,
  malformed: 400,
  stale: 412,
};

/** A URL longer than this is not echoed back (in `instance` or a detail): it may be kilobytes. */
const MAX_ECHOED_URL = 256;

function fieldErrors(error: FastifyError, request: FastifyRequest) {
  const where = error.validationContext ?? "body";
  return (error.validation as AjvError[] | undefined)?.map((v) => {
    // A JSON pointer: "/" separates, and "~1" / "~0" stand for a "/" or "~" inside a key.
    const path = v.instancePath
      .split("/")
      .slice(1)
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
      .join(".");
    const missing = v.keyword === "required" ? String(v.params.missingProperty) : undefined;
    const extra = v.keyword === "additionalProperties" ? String(v.params.additionalProperty) : undefined;
    const field = [where, path, missing ?? extra].filter(Boolean).join(".");
    // No body at all: say what the route needs rather than "body must be an object".
    const absent = where === "body" && path === "" && v.keyword === "type" && request.body == null;
    const message = absent ? `is required: ${requiredBody(request)}` : sentenceFor(v);
    return { field, message };
  });
}

function traceId(request: FastifyRequest): string {
  return trace.getActiveSpan()?.spanContext().traceId ?? request.id;
}

/** The request's path for a human, cut short when it is too long to echo. */
export function pathOf(request: FastifyRequest): string {
  const path = request.url.split("?")[0] ?? "";
  return path.length > MAX_ECHOED_URL ? `${path.slice(0, MAX_ECHOED_URL)}…` : path;
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  const url = reply.request.url;
  const body = problem(status, code, detail, {
    ...(url.length <= MAX_ECHOED_URL ? { instance: url } : {}),
    traceId: traceId(reply.request),
    ...extra,
  });
  return reply.code(status).type("application/problem+json").send(body);
}

export interface ErrorHandlingOptions {
  /** Routes known to the app; with it, a known path and a wrong method answers 405 with `Allow`. */
  routes?: RouteTable | undefined;
}

/**
 * Every error leaves as RFC 9457 problem+json with a stable `code`. A refusal (a domain or
 * application error) answers the status its kind stands for; Fastify's own client errors answer
 * with the project's codes; anything else is a failure: logged as an error, answered with a 500
 * that says nothing about internals.
 */
export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const errors = fieldErrors(error, request) ?? [];
      const summary = errors.map((e) => `${e.field} ${e.message}`).join("; ");
      return sendProblem(reply, 400, KitErrors.VALIDATION_FAILED, summary || error.message, { errors });
    }
    if (error instanceof DomainError || error instanceof ApplicationError) {
      return sendProblem(reply, STATUS_OF_KIND[error.kind], error.code, error.message, error.details ?? {});
    }
    if (error instanceof HttpProblem) {
      return sendProblem(reply, error.status, error.code, error.message, error.extra);
    }
    const mapped = mapFastifyError(error, request);
    if (mapped) return sendProblem(reply, mapped.status, mapped.code, mapped.detail);
    const status = error.statusCode ?? 500;
    if (error.code?.startsWith("FST_") && status >= 400 && status < 500) {
      // Another of Fastify's client errors, one this kit does not name: its status, a generic code.
      return sendProblem(reply, status, KitErrors.BAD_REQUEST, error.message);
    }
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(reply, 500, KitErrors.INTERNAL_ERROR, "an unexpected error occurred");
  });

  app.setNotFoundHandler((request, reply) => {
    const allowed = options.routes?.methodsAt(request.url.split("?")[0] ?? "") ?? [];
    if (allowed.length > 0) {
      reply.header("allow", allowed.join(", "));
      return sendProblem(
        reply,
        405,
        KitErrors.METHOD_NOT_ALLOWED,
        `${pathOf(request)} does not take ${request.method}; it takes ${allowed.join(", ")}`,
      );
    }
    return sendProblem(
      reply,
      404,
      KitErrors.ROUTE_NOT_FOUND,
      `no route for ${request.method} ${pathOf(request)}`,
    );
  });
}

/**
 * Fastify's errors from before routing (a malformed `%` escape, an oversized path parameter) reach
 * `frameworkErrors`, not the error handler: they get the same problem+json.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const mapped = mapFastifyError(error, request);
  if (mapped) return sendProblem(reply, mapped.status, mapped.code, mapped.detail);
  request.log.error({ err: error }, "unhandled framework error");
  return sendProblem(reply, 500, KitErrors.INTERNAL_ERROR, "an unexpected error occurred");
}
