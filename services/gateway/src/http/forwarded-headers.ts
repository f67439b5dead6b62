import type { IncomingHttpHeaders } from "node:http";
import { currentContext } from "@ecommerce/service-kit";

// W3C Trace Context (https://www.w3.org/TR/trace-context/): version 00, a trace id and a parent id
// that are not all zeros, and flags. A malformed traceparent is dropped, not forwarded: the next hop
// would have to start a new trace anyway, and a crafted value must not reach the services' logs.
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

/**
 * The headers a service receives: the client's, with the gateway's request and correlation ids
 * (the kit took the client's when well formed, else made new ones), the trace context when valid,
 * and the client's address in X-Forwarded-For / -Proto / -Host (what a service logs as the caller).
 */
export function forwardedHeaders(
  request: { id: string; ip: string; ips?: string[] | undefined; protocol: string; host: string },
  headers: IncomingHttpHeaders,
): IncomingHttpHeaders {
  const context = currentContext();
  const out: IncomingHttpHeaders = {
    ...headers,
    "x-request-id": request.id,
    "x-correlation-id": context?.correlationId ?? request.id,
    "x-forwarded-for": request.ips ? [...request.ips].reverse().join(", ") : request.ip,
    "x-forwarded-proto": request.protocol,
    "x-forwarded-host": request.host,
  };
  const traceparent = headers.traceparent;
  if (typeof traceparent !== "string" || !TRACEPARENT.test(traceparent)) {
    delete out.traceparent;
    delete out.tracestate;
  } else if (typeof headers.tracestate !== "string" || !TRACESTATE.test(headers.tracestate)) {
    delete out.tracestate;
  }
  return out;
}
