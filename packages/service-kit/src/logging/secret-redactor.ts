import { SECRET_NAME } from "../config/load-config.ts";

// Shorter values would blank out ordinary words of the log; a real secret is longer.
const MIN_LENGTH = 6;
const SECRET_PAIR = /(?:^|;)\s*([^=;]*(?:key|password|pwd|secret|signature|token)[^=;]*)=([^;]+)/gi;

/**
 * Every secret value a setting carries: the password of a URL (`postgres://app:<pw>@...`), the
 * secret parts of a connection string (`SharedAccessKey=...`, `InstrumentationKey=...`), and the whole value of
 * a setting named as a secret (`..._KEY`, `..._TOKEN`, `..._CONNECTION_STRING`, ...).
 */
export function secretsOfSetting(name: string, value: string | undefined): string[] {
  if (!value || !SECRET_NAME.test(name)) return [];
  const found: string[] = [];
  if (!name.endsWith("_URL")) found.push(value);
  try {
    const url = new URL(value);
    if (url.password) found.push(url.password, decodeURIComponent(url.password));
  } catch {
    // not a URL
  }
  for (const [, , secret] of value.matchAll(SECRET_PAIR)) if (secret) found.push(secret.trim());
  return found;
}

/** The secrets of every setting of `env` (see secretsOfSetting). */
export function configuredSecrets(env: Record<string, string | undefined>): string[] {
  return Object.entries(env).flatMap(([name, value]) => secretsOfSetting(name, value));
}

/**
 * Replaces known secret values with "[redacted]" in any text: a log line, an error message. pino's
 * path redaction covers fields named like secrets; this covers a secret quoted anywhere else (a
 * driver's error message repeating a connection string, a token in an exception). Values are
 * matched as written, as escaped inside a JSON string, and URL-encoded.
 */
export class SecretRedactor {
  readonly #values = new Set<string>();
  #pattern: RegExp | undefined;

  constructor(values: Iterable<string> = []) {
    this.add(...values);
  }

  add(...values: string[]): void {
    for (const value of values) {
      if (value.length < MIN_LENGTH) continue;
      for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) {
        this.#values.add(form);
      }
    }
    this.#pattern = undefined;
  }

  redact(text: string): string {
    if (this.#values.size === 0) return text;
    this.#pattern ??= new RegExp(
      [...this.#values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("|"),
      "g",
    );
    return text.replace(this.#pattern, "[redacted]");
  }
}
