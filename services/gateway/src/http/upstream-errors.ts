import { sendProblem } from "@ecommerce/service-kit";
import type { FastifyReply, RawServerBase, RouteGenericInterface } from "fastify";
import { GatewayErrors } from "../domain/errors.ts";

// What a failed relay means for the client: the service is not there (503), too slow (504), or
// answered something that cannot be relayed (502). Node's and reply-from's error codes, by cause.
const UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "UND_ERR_SOCKET",
  "FST_REPLY_FROM_SERVICE_UNAVAILABLE",
]);
const TIMEOUT = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "FST_REPLY_FROM_TIMEOUT",
  "FST_REPLY_FROM_HTTP_REQUEST_TIMEOUT",
  "FST_REPLY_FROM_GATEWAY_TIMEOUT",
]);

type CodedError = Error & { code?: string; cause?: unknown };

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (
    let e = error as CodedError | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as CodedError, depth++
  ) {
    if (typeof e.code === "string") codes.push(e.code);
    for (const inner of (e as { errors?: CodedError[] }).errors ?? []) if (inner.code) codes.push(inner.code);
  }
  return codes;
}

/** reply-from's `onError`: a problem+json the client can act on, never a hang or a bare 500. */
export function answerUpstreamFailure(service: string, timeoutMs: number) {
  return (reply: FastifyReply<RouteGenericInterface, RawServerBase>, { error }: { error: Error }): void => {
    const codes = codesOf(error);
    if (codes.some((code) => TIMEOUT.has(code))) {
      reply.log.warn({ err: error, service }, "upstream timed out");
      void sendProblem(
        reply as FastifyReply,
        504,
        GatewayErrors.UPSTREAM_TIMEOUT,
        `the ${service} service did not answer within ${timeoutMs} ms`,
      );
      return;
    }
    if (codes.some((code) => UNAVAILABLE.has(code))) {
      reply.log.warn({ err: error, service }, "upstream unavailable");
      void sendProblem(
        reply.header("retry-after", "5") as FastifyReply,
        503,
        GatewayErrors.UPSTREAM_UNAVAILABLE,
        `the ${service} service is unavailable; retry later`,
      );
      return;
    }
    reply.log.error({ err: error, service }, "upstream answered something that cannot be relayed");
    void sendProblem(
      reply as FastifyReply,
      502,
      GatewayErrors.BAD_GATEWAY,
      `the ${service} service answered in error`,
    );
  };
}
