import { DomainError, type DomainErrorKind } from "@ecommerce/domain-kernel";
import { KitErrors } from "./kit-errors.ts";

/**
 * How a refusal is to be understood, whatever the transport: the domain's kinds, and two of the
 * application's own. `malformed`: the message, or a value in it, is not well formed (a command that
 * fails its schema, a cursor this API never issued). `stale`: the caller based its change on a
 * version that is no longer current. Only the HTTP edge turns a kind into a status.
 */
export type ErrorKind = DomainErrorKind | "malformed" | "stale";

/** A refusal by the application layer (the mediator, a handler, a repository): a code, never HTTP. */
export class ApplicationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "ApplicationError";
  }
}

export interface FieldError {
  field: string;
  message: string;
}

/** A command or query that does not match its schema (commands also arrive from events and scripts). */
export class InvalidMessage extends ApplicationError {
  constructor(
    messageName: string,
    readonly errors: FieldError[],
  ) {
    super(KitErrors.VALIDATION_FAILED, `${messageName} is invalid`, "malformed", { errors });
    this.name = "InvalidMessage";
  }
}

/** A change based on a version that is no longer current (the client named it: If-Match). */
export class StaleVersion extends ApplicationError {
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      KitErrors.PRECONDITION_FAILED,
      `version ${expectedVersion} is stale; the current version is ${currentVersion}`,
      "stale",
      { currentVersion },
    );
    this.name = "StaleVersion";
  }
}

/** Two writers raced and this one lost; the mediator retries it, or the client may, on fresh data. */
export class ConcurrencyConflict extends ApplicationError {
  constructor(
    what: string,
    id: string,
    readonly currentVersion?: number,
  ) {
    super(
      KitErrors.CONCURRENCY_CONFLICT,
      `${what} ${id} was changed by someone else; reload and retry`,
      "conflict",
    );
    this.name = "ConcurrencyConflict";
  }
}

/**
 * A refusal the code meant to make (a domain rule, an application check), as opposed to a failure:
 * a lost database, a bug. Only these are the client's doing; anything else is logged as an error.
 */
export function isRefusal(error: unknown): error is DomainError | ApplicationError {
  return error instanceof DomainError || error instanceof ApplicationError;
}
