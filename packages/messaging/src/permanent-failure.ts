/**
 * Thrown by a handler for an event it can never handle (invalid for this consumer, refers to something
 * that cannot exist): the bus dead-letters it at once, with `reason`, instead of retrying.
 */
export class PermanentFailure extends Error {
  override readonly name = "PermanentFailure";
  /** Short machine-readable reason, e.g. "ContractViolation", "UnknownProduct". */
  readonly reason: string;

  constructor(reason: string, description?: string, options?: { cause?: unknown }) {
    super(description ?? reason, options);
    this.reason = reason;
  }
}
