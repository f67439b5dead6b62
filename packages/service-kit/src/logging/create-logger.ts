import { isSpanContextValid, trace } from "@opentelemetry/api";
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type { SecretRedactor } from "./secret-redactor.ts";

/**
 * Paths never written to logs: credentials and the personal data of customers. pino replaces them
 * with "[redacted]" wherever a request, an error or a command is logged.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  // Headers logged as such (`{ headers: request.headers }`, an HTTP client's error).
  "*.authorization",
  "*.cookie",
  '*["x-api-key"]',
  // "*.x" matches only one level down: the same keys at the top of a logged object.
  "password",
  "token",
  "accessToken",
  "secret",
  "connectionString",
  "email",
  "phone",
  "address",
  "shippingAddress",
  "*.password",
  "*.token",
  "*.accessToken",
  "*.secret",
  "*.connectionString",
  "*.email",
  "*.phone",
  "*.address",
  "*.shippingAddress",
  "*.line1",
  "*.line2",
  "*.postalCode",
  "command.payload.email",
  "command.payload.address",
  "command.payload.shippingAddress",
];

/**
 * Query strings carry personal data too (`GET /customers?email=`): request logs keep the parameter
 * names and drop their values.
 */
export function redactQuery(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split("&")
    .filter(Boolean)
    .map((pair) => `${pair.split("=")[0]}=[redacted]`);
  return `${url.slice(0, at)}?${names.join("&")}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  id?: string;
  host?: string;
  ip?: string;
}

/**
 * `trace_id` and `span_id` of the active span on every line logged inside a trace (a request, a
 * command, an event's handling), so a log line leads to its trace and back. Nothing outside a trace
 * or with telemetry off (no span is ever active then).
 */
export function traceFields(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, "0"),
  };
}

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    mixin: traceFields,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: typeof req.url === "string" ? redactQuery(req.url) : undefined,
        id: req.id,
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
  };
}

export interface LoggerExtras {
  /** Known secret values (configured secrets, Key Vault values, tokens) are blanked in every line. */
  redactor?: SecretRedactor | undefined;
  /** Where lines go (default stdout). */
  destination?: DestinationStream | undefined;
}

export function createLogger(service: string, level = "info", extras: LoggerExtras = {}): Logger {
  const redactor = extras.redactor;
  const options: LoggerOptions = redactor
    ? { ...loggerOptions(service, level), hooks: { streamWrite: (line) => redactor.redact(line) } }
    : loggerOptions(service, level);
  return extras.destination ? pino(options, extras.destination) : pino(options);
}
