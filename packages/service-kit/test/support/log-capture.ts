import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { loggerOptions } from "../../src/index.ts";

export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, parsed. */
  entries(): Record<string, unknown>[];
  /** Everything written so far, as text. */
  text(): string;
}

/** A pino logger configured like the services' (same redaction), writing into memory. */
export function captureLogs(service = "test", level = "info"): CapturedLogs {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const logger = pino(loggerOptions(service, level), stream);
  const text = () => chunks.join("");
  return {
    logger,
    text,
    entries: () =>
      text()
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
