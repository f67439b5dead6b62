import { DomainError } from "@ecommerce/domain-kernel";

/**
 * Whether the text holds a C0 control character (NUL included: PostgreSQL cannot store it) or DEL,
 * or half a surrogate pair (UTF-8, and so PostgreSQL, cannot hold it either). Multi-line text may
 * keep tab, newline and carriage return.
 */
function hasControlCharacter(text: string, multiLine: boolean): boolean {
  if (!text.isWellFormed()) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const whitespace = c === 0x09 || c === 0x0a || c === 0x0d;
    if ((c < 0x20 || c === 0x7f) && !(multiLine && whitespace)) return true;
  }
  return false;
}

/** A trimmed one-line text of `min`-`max` characters, or a DomainError with `code`. */
export function singleLineText(value: string, min: number, max: number, code: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed.length < min || trimmed.length > max || hasControlCharacter(trimmed, false)) {
    throw new DomainError(
      code,
      `${what} must be ${min}-${max} characters on one line, without control characters`,
    );
  }
  return trimmed;
}

/** A text of at most `max` characters that may span lines, or a DomainError with `code`. */
export function multiLineText(value: string, max: number, code: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed.length > max || hasControlCharacter(trimmed, true)) {
    throw new DomainError(code, `${what} must be at most ${max} characters, without control characters`);
  }
  return trimmed;
}
