import type { DomainError } from "./domain-error.ts";

/** For expected failures a caller must handle; unexpected ones are thrown. */
export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
