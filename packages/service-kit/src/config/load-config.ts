import type { Static, TObject } from "typebox";
import { Value } from "typebox/value";
import { isKeyVaultReference, keyVaultReferenceProblems } from "./key-vault-reference.ts";

/** Thrown with one line per bad variable; `main.ts` prints it and exits. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Settings whose values are never shown: they are, or may carry, credentials. */
export const SECRET_NAME = /(PASSWORD|SECRET|KEY|TOKEN|CONNECTION_STRING|_URL)$/;

/**
 * Reads environment variables through a TypeBox schema: applies defaults, converts "3000" to 3000,
 * and reports every bad value at once without echoing secrets.
 */
export function loadConfig<T extends TObject>(schema: T, env: NodeJS.ProcessEnv = process.env): Static<T> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    // An unresolved App Service Key Vault reference is reported below, never used as a value.
    if (value !== undefined && value !== "" && !isKeyVaultReference(value)) raw[key] = value;
  }
  const references = keyVaultReferenceProblems(env, Object.keys(schema.properties));
  // Default and Convert write into the object they are given: keep `raw` as the environment said it.
  const value = Value.Convert(schema, Value.Default(schema, { ...raw }));
  // Each variable on its own: one line per variable (a union fails once per branch), and no cap on
  // the count (Value.Errors stops after its `maxErrors` setting, 8 by default).
  const required = new Set<string>(schema.required ?? []);
  const problems: string[] = [...references];
  for (const [key, property] of Object.entries(schema.properties)) {
    if (isKeyVaultReference(env[key])) continue;
    const converted = (value as Record<string, unknown>)[key];
    if (converted === undefined) {
      if (required.has(key)) problems.push(`${key} is required`);
      continue;
    }
    const [error] = Value.Errors(property, converted);
    if (!error) continue;
    const shown = SECRET_NAME.test(key) ? "(value hidden)" : JSON.stringify(raw[key]);
    problems.push(`${key}=${shown} is invalid: ${choicesOf(property) ?? error.message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return value as Static<T>;
}

/** "must be one of a, b, c" for a union of literals, whose own errors say only "must be equal to constant". */
function choicesOf(schema: unknown): string | undefined {
  const variants = (schema as { anyOf?: { const?: unknown }[] } | undefined)?.anyOf;
  if (!variants?.every((v) => v.const !== undefined)) return undefined;
  return `must be one of ${variants.map((v) => String(v.const)).join(", ")}`;
}
