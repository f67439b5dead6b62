import { v7, validate } from "uuid";

/** A new UUID v7: unique and ordered by creation time, so ids double as a stable sort key. */
export function newId(): string {
  return v7();
}

export function isUuid(value: string): boolean {
  return validate(value);
}
