import { Type } from "typebox";

/** A page of a list, as every list answers: `{"items": [...], "nextCursor": string | null}`. */
export interface Page<T> {
  items: T[];
  /** Opaque to clients; null on the last page. */
  nextCursor: string | null;
}

/** A page never costs more than this, whoever asks. */
export const MAX_PAGE_SIZE = 100;
/** What a page holds when the client does not say. */
export const DEFAULT_PAGE_SIZE = 20;

/** The `limit` of a list request (HTTP adds `{ default: DEFAULT_PAGE_SIZE }`). */
export function PageSizeSchema(annotations: { default?: number } = {}) {
  return Type.Integer({ format: "int32", minimum: 1, maximum: MAX_PAGE_SIZE, ...annotations });
}

/**
 * The `cursor` of a list request. `maxLength` is far above any cursor the list hands out (it depends
 * on the position the list encodes), so a longer one is refused before it is decoded.
 */
export function CursorSchema(maxLength: number) {
  return Type.String({ maxLength, description: "The nextCursor of the previous page" });
}
