import { DomainError } from "@ecommerce/domain-kernel";

// C0 and C1 control characters and DEL: never part of a name or an address line (and PostgreSQL
// text cannot even hold U+0000). Nor half a surrogate pair (\p{Cs}): UTF-8 cannot hold it either.
const CONTROL = /[\p{Cc}\p{Cs}]/u;

/**
 * A required piece of text: trimmed, 1-`max` characters after trimming, no control characters.
 * Everything else (quotes, angle brackets, any script) is kept exactly as given.
 */
export function requiredText(value: string, max: number, code: string, what: string): string {
  const trimmed = typeof value === "string" ? value.trim() : "";
  if (trimmed.length === 0 || trimmed.length > max || CONTROL.test(trimmed)) {
    throw new DomainError(code, `${what} must be 1-${max} characters without control characters`);
  }
  return trimmed;
}

/** Like requiredText, but blank or absent is no value at all. */
export function optionalText(
  value: string | null | undefined,
  max: number,
  code: string,
  what: string,
): string | null {
  if (value === undefined || value === null || value.trim() === "") return null;
  return requiredText(value, max, code, what);
}
