import { isUuid } from "@ecommerce/domain-kernel";
import { decodeCursor, encodeCursor } from "@ecommerce/service-kit";

// Lists are ordered by name, then id: the cursor is the last row's pair, in service-kit's cursor.

export function encodeNameCursor(name: string, id: string): string {
  return encodeCursor([name, id]);
}

export function decodeNameCursor(cursor: string): { name: string; id: string } {
  const [name = "", id = ""] = decodeCursor(
    cursor,
    2,
    ([name = "", id = ""]) => name.length <= 200 && !name.includes("\u0000") && isUuid(id),
  );
  return { name, id };
}
