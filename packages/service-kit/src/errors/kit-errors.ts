/**
 * The error codes every service shares (a problem's `code`), beside each context's own list in its
 * `domain/errors.ts`. Each is stable: clients rely on it, so a code is never renamed or reused. The
 * Fastify-derived ones keep the spelling clients have seen since the first release, but they are
 * ours now: a Fastify upgrade that renames its internal codes changes nothing here.
 */
export const KitErrors = {
  /** A request or a message does not match its schema; `errors` names each bad field. */
  VALIDATION_FAILED: "validation_failed",
  /** The request body is not valid JSON. */
  INVALID_JSON_BODY: "ctp_invalid_json_body",
  /** The content type says JSON but the body is empty. */
  EMPTY_JSON_BODY: "ctp_empty_json_body",
  /** The body is larger than the service's body limit. */
  BODY_TOO_LARGE: "ctp_body_too_large",
  /** The body's content type is not one the route reads (JSON). */
  UNSUPPORTED_MEDIA_TYPE: "ctp_invalid_media_type",
  /** The Content-Length header does not match the body. */
  INVALID_CONTENT_LENGTH: "ctp_invalid_content_length",
  /** The path holds a malformed percent-encoding (e.g. `%ff`). */
  BAD_URL: "bad_url",
  /** A path parameter is longer than any valid value. */
  PATH_PARAMETER_TOO_LONG: "path_parameter_too_long",
  /** The request's headers (the URL included) are larger than the server accepts. */
  HEADERS_TOO_LARGE: "headers_too_large",
  /** The client took too long to send its request. */
  REQUEST_TIMEOUT: "request_timeout",
  /** The request could not be parsed as HTTP. */
  BAD_REQUEST: "bad_request",
  /** No route has this path. */
  ROUTE_NOT_FOUND: "route_not_found",
  /** The path exists but not with this method; `Allow` lists the methods it takes. */
  METHOD_NOT_ALLOWED: "method_not_allowed",
  /** A resource the request names does not exist. */
  NOT_FOUND: "not_found",
  /** If-Match is not an ETag this API returned. */
  INVALID_IF_MATCH: "invalid_if_match",
  /** If-Match names a version that is no longer current; `currentVersion` is. */
  PRECONDITION_FAILED: "precondition_failed",
  /** Another writer changed the resource at the same time; reload and retry. */
  CONCURRENCY_CONFLICT: "concurrency_conflict",
  /** A page cursor is not one this API returned. */
  INVALID_CURSOR: "invalid_cursor",
  /** Idempotency-Key is not 1-255 visible ASCII characters. */
  INVALID_IDEMPOTENCY_KEY: "invalid_idempotency_key",
  /** The Idempotency-Key was used before with a different request. */
  IDEMPOTENCY_KEY_REUSED: "idempotency_key_reused",
  /** The request with this Idempotency-Key is still running. */
  IDEMPOTENCY_IN_PROGRESS: "idempotency_in_progress",
  /** The request with this Idempotency-Key took effect but its response was lost; it is not rerun. */
  IDEMPOTENCY_RESPONSE_LOST: "idempotency_response_lost",
  /** No `Authorization: Bearer` token on a route that needs one (401). */
  AUTH_REQUIRED: "auth_required",
  /** Not a JWT, a bad signature, an algorithm not allowed (`none` included), an unknown key, no `sub` (401). */
  TOKEN_INVALID: "token_invalid",
  /** The token is past its `exp`, beyond the clock tolerance (401). */
  TOKEN_EXPIRED: "token_expired",
  /** The token is before its `nbf`, beyond the clock tolerance (401). */
  TOKEN_NOT_YET_VALID: "token_not_yet_valid",
  /** The token was issued by another issuer than the one trusted (401). */
  TOKEN_ISSUER_INVALID: "token_issuer_invalid",
  /** The token was issued for another API (401). */
  TOKEN_AUDIENCE_INVALID: "token_audience_invalid",
  /** A valid token without a role the route needs, or a customer acting for someone else (403). */
  FORBIDDEN: "forbidden",
  /** The issuer's signing keys could not be fetched; retry (503). */
  AUTH_UNAVAILABLE: "auth_unavailable",
  /** The service sheds load: retry after `Retry-After` seconds. */
  OVERLOADED: "overloaded",
  /** Something failed that is not the client's doing; the log has the details. */
  INTERNAL_ERROR: "internal_error",
} as const;

export type KitErrorCode = (typeof KitErrors)[keyof typeof KitErrors];
