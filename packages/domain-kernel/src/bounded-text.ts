import { DomainError } from "./domain-error.ts";

// What no name, address line, reason or description may hold, in every service: control characters
// (\p{Cc}: C0, DEL and C1; PostgreSQL text cannot even store U+0000) and half a surrogate pair
// (\p{Cs}: ill-formed UTF-16, which UTF-8 and so PostgreSQL cannot hold). Multi-line text may keep
// tab, newline and carriage return. Everything else (quotes, angle brackets, any script) is data.
// Written as JSON Schema patterns (unicode mode, as ajv and the validators of the schemas use them)
// so that the schemas at the edge and the value objects inside refuse exactly the same text.

/** One line of text without control characters, as a JSON Schema pattern. */
export const ONE_LINE_TEXT_PATTERN = "^[^\\p{Cc}\\p{Cs}]*$";

/** The same, with at least one character that is not white space (blank text is no text). */
export const NOT_BLANK_ONE_LINE_TEXT_PATTERN = "^[^\\p{Cc}\\p{Cs}]*[^\\p{Cc}\\p{Cs}\\s][^\\p{Cc}\\p{Cs}]*$";

/** Text that may span lines (tab, newline, carriage return) but holds no other control character. */
export const MULTI_LINE_TEXT_PATTERN = "^(?:[^\\p{Cc}\\p{Cs}]|[\\t\\n\\r])*$";

const ONE_LINE = new RegExp(ONE_LINE_TEXT_PATTERN, "u");
const MULTI_LINE = new RegExp(MULTI_LINE_TEXT_PATTERN, "u");

/** Whether the text holds a character no stored text may hold (see above). */
export function hasControlCharacter(text: string, multiLine = false): boolean {
  return !(multiLine ? MULTI_LINE : ONE_LINE).test(text);
}

export interface TextBounds {
  /** Characters after trimming; 1 unless said otherwise. */
  min?: number;
  max: number;
  /** Keeps tab, newline and carriage return. */
  multiLine?: boolean;
}

/** The text trimmed, `min`-`max` characters long and without control characters, or a DomainError with `code`. */
export function boundedText(value: string, bounds: TextBounds, code: string, what: string): string {
  const { min = 1, max, multiLine = false } = bounds;
  const trimmed = typeof value === "string" ? value.trim() : "";
  if (trimmed.length < min || trimmed.length > max || hasControlCharacter(trimmed, multiLine)) {
    const length = min > 0 ? `${min}-${max} characters` : `at most ${max} characters`;
    throw new DomainError(
      code,
      `${what} must be ${length}${multiLine ? "" : " on one line"}, without control characters`,
    );
  }
  return trimmed;
}

/** Like boundedText, but blank or absent is no value at all (null). */
export function optionalBoundedText(
  value: string | null | undefined,
  bounds: TextBounds,
  code: string,
  what: string,
): string | null {
  if (value === undefined || value === null || value.trim() === "") return null;
  return boundedText(value, bounds, code, what);
}
