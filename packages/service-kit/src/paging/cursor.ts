import { ApplicationError } from "../errors/application-error.ts";
import { KitErrors } from "../errors/kit-errors.ts";

// A cursor is the position of the last row of a page (the values the list is ordered by, id last),
// as base64url JSON: opaque to clients, and checked when it comes back, since a client can send any.

/** The cursor after the row at `position`. */
export function encodeCursor(position: readonly string[]): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/**
 * The position a cursor holds, if it is one this API returned: `length` strings that pass `accept`
 * (e.g. a UUID id, a name within its bounds); anything else is a 400 `invalid_cursor`.
 */
export function decodeCursor(
  cursor: string,
  length: number,
  accept: (position: string[]) => boolean,
): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === length &&
      value.every((v) => typeof v === "string") &&
      accept(value)
    ) {
      return value;
    }
  } catch {
    // not base64 of JSON: the same answer as any other foreign cursor
  }
  throw new ApplicationError(KitErrors.INVALID_CURSOR, "cursor is not one this API returned", "malformed");
}
