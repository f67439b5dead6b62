import { DomainError, type DomainErrorKind } from "@ecommerce/domain-kernel";
import { trace } from "@opentelemetry/api";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HttpProblem, problem } from "./problems.ts";

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  invalid: 422,
  "illegal-state": 409,
  conflict: 409,
  "not-found": 404,
};

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

function fieldErrors(error: FastifyError) {
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
    const message = extra ? "is not allowed" : (v.message ?? "is invalid");
    return { field, message };
  });
}

function traceId(request: FastifyRequest): string {
  return trace.getActiveSpan()?.spanContext().traceId ?? request.id;
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  const body = problem(status, code, detail, {
    instance: reply.request.url,
    traceId: traceId(reply.request),
    ...extra,
  });
  return reply.code(status).type("application/problem+json").send(body);
}

/**
 * Every error leaves as RFC 9457 problem+json with a stable `code`. Bad input is a 4xx that says
 * what is wrong; anything unexpected is a 500 that says nothing about internals (the log has it).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const errors = fieldErrors(error) ?? [];
      const summary = errors.map((e) => `${e.field} ${e.message}`).join("; ");
      return sendProblem(reply, 400, "validation_failed", summary || error.message, { errors });
    }
    if (error instanceof DomainError) {
      return sendProblem(reply, DOMAIN_STATUS[error.kind], error.code, error.message, error.details ?? {});
    }
    if (error instanceof HttpProblem) {
      return sendProblem(reply, error.status, error.code, error.message, error.extra);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, wrong content type, body too large): keep their status.
      const code = (error.code ?? "bad_request").replace(/^FST_ERR_/, "").toLowerCase();
      return sendProblem(reply, status, code, error.message);
    }
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(reply, Math.max(status, 500), "internal_error", "an unexpected error occurred");
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, "route_not_found", `no route for ${request.method} ${request.url.split("?")[0]}`),
  );
}
