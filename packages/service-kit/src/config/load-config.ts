import type { Static, TObject } from "typebox";
import { Value } from "typebox/value";

/** Thrown with one line per bad variable; `main.ts` prints it and exits. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const SECRET_NAME = /(PASSWORD|SECRET|KEY|TOKEN|CONNECTION_STRING|_URL)$/;

/**
 * Reads environment variables through a TypeBox schema: applies defaults, converts "3000" to 3000,
 * and reports every bad value at once without echoing secrets.
 */
export function loadConfig<T extends TObject>(schema: T, env: NodeJS.ProcessEnv = process.env): Static<T> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const value = Value.Convert(schema, Value.Default(schema, raw));
  const problems: string[] = [];
  for (const error of Value.Errors(schema, value)) {
    const key = error.instancePath.replace(/^\//, "") || missingKey(error.params);
    const shown = SECRET_NAME.test(key) ? "(value hidden)" : JSON.stringify(raw[key]);
    problems.push(
      raw[key] === undefined ? `${key} is required` : `${key}=${shown} is invalid: ${error.message}`,
    );
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return value as Static<T>;
}

function missingKey(params: unknown): string {
  const p = params as { requiredProperties?: string[] } | undefined;
  return p?.requiredProperties?.join(", ") ?? "(unknown)";
}
