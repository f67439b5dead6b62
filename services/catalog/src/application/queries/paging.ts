import { CursorSchema, MAX_PAGE_SIZE, PageSizeSchema } from "@ecommerce/service-kit";

/** Bounds of a list request: a page never costs more than service-kit's MAX_PAGE_SIZE, whoever asks. */
export { MAX_PAGE_SIZE };
/** A cursor holds a name of up to 200 characters and an id (service-kit's base64url JSON). */
export const MAX_CURSOR_LENGTH = 2_000;
export const MAX_SEARCH_LENGTH = 100;

export const PageSize = PageSizeSchema;

export const Cursor = CursorSchema(MAX_CURSOR_LENGTH);
