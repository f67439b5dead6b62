import { ApplicationError, KitErrors } from "@ecommerce/service-kit";

// Lists are ordered by name, then id: the cursor is the last row's pair, opaque to clients.
export function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id])).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      value[0].length <= 200 &&
      !value[0].includes("\u0000") &&
      typeof value[1] === "string" &&
      UUID.test(value[1])
    ) {
      return { name: value[0], id: value[1] };
    }
  } catch {
    // not base64 of JSON: the same answer as any other foreign cursor
  }
  throw new ApplicationError(KitErrors.INVALID_CURSOR, "cursor is not one this API returned", "malformed");
}
