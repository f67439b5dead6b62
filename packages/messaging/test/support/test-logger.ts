import pino from "pino";

/** Silent unless LOG_LEVEL is set (e.g. LOG_LEVEL=debug pnpm test). */
export const testLogger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
