/**
 * How a broken rule should be understood by callers; the HTTP layer maps these without the domain
 * knowing about HTTP: `invalid` → 422, `conflict` and `illegal-state` → 409, `not-found` → 404.
 */
export type DomainErrorKind = "invalid" | "illegal-state" | "conflict" | "not-found";

/** A business rule said no. `code` is stable (clients and tests rely on it); `message` is for humans. */
export class DomainError extends Error {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    message: string,
    kind: DomainErrorKind = "invalid",
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.kind = kind;
    this.details = details;
  }
}
