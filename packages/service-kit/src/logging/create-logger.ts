import pino, { type Logger, type LoggerOptions } from "pino";

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

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(service: string, level = "info"): Logger {
  return pino(loggerOptions(service, level));
}
