import type { FastifyError, FastifyRequest } from "fastify";
import { type KitErrorCode, KitErrors } from "../errors/kit-errors.ts";

export interface MappedError {
  status: number;
  code: KitErrorCode;
  detail: string;
}

/** "a JSON object with reason, …": what a route's body schema requires, for a missing body. */
export function requiredBody(request: FastifyRequest): string {
  const schema = request.routeOptions?.schema?.body as { required?: string[] } | undefined;
  const required = schema?.required ?? [];
  return required.length > 0 ? `a JSON object with ${required.join(", ")}` : "a JSON object";
}

/**
 * Fastify's own client errors, each mapped to the project's stable code and a detail that says what
 * to do. Codes not listed here are not the client's doing as far as we know: they answer 500.
 */
const FASTIFY_ERRORS: Record<string, (request: FastifyRequest) => MappedError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => ({
    status: 400,
    code: KitErrors.INVALID_JSON_BODY,
    detail: "the body is not valid JSON",
  }),
  FST_ERR_CTP_EMPTY_JSON_BODY: (request) => ({
    status: 400,
    code: KitErrors.EMPTY_JSON_BODY,
    detail: `the body is empty; this request needs ${requiredBody(request)}`,
  }),
  FST_ERR_CTP_BODY_TOO_LARGE: (request) => ({
    status: 413,
    code: KitErrors.BODY_TOO_LARGE,
    detail: `the body is larger than the limit of ${request.routeOptions.bodyLimit} bytes`,
  }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) => ({
    status: 415,
    code: KitErrors.UNSUPPORTED_MEDIA_TYPE,
    detail:
      request.headers["content-type"] === undefined
        ? "a body needs a content type: send it as application/json"
        : `content type ${String(request.headers["content-type"]).slice(0, 100)} is not accepted; send application/json`,
  }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({
    status: 400,
    code: KitErrors.INVALID_CONTENT_LENGTH,
    detail: "the body's size does not match its Content-Length",
  }),
  FST_ERR_BAD_URL: () => ({
    status: 400,
    code: KitErrors.BAD_URL,
    detail: "the path holds a malformed percent-encoding",
  }),
  FST_ERR_MAX_PARAM_LENGTH: () => ({
    status: 414,
    code: KitErrors.PATH_PARAMETER_TOO_LONG,
    detail: "a path parameter is longer than any valid value",
  }),
};

export function mapFastifyError(error: FastifyError, request: FastifyRequest): MappedError | undefined {
  return error.code ? FASTIFY_ERRORS[error.code]?.(request) : undefined;
}
