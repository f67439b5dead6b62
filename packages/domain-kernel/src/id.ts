import { v7 } from "uuid";

/**
 * A bare UUID, any version, as a JSON Schema pattern (match it case-insensitively). Bare: no
 * "urn:uuid:" prefix and no braces, which PostgreSQL's uuid type would refuse or not round-trip.
 * service-kit's UuidSchema (the "uuid" format) and every id check use this one definition.
 */
export const UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
const UUID = new RegExp(UUID_PATTERN, "i");

/** A new UUID v7: unique and ordered by creation time, so ids double as a stable sort key. */
export function newId(): string {
  return v7();
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
