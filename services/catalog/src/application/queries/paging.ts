import { Type } from "typebox";

/** Bounds of a list request: a page never costs more than this, whoever asks. */
export const MAX_PAGE_SIZE = 100;
export const MAX_CURSOR_LENGTH = 2_000;
export const MAX_SEARCH_LENGTH = 100;

export const PageSize = (extra: object = {}) =>
  Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, ...extra });

export const Cursor = Type.String({ maxLength: MAX_CURSOR_LENGTH });
