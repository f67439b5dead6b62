export interface ContractIssue {
  /** JSON Pointer into the envelope, e.g. "/data/lines/0/quantity". */
  path: string;
  message: string;
}

const MAX_ISSUES_IN_MESSAGE = 5;

/**
 * An event that does not match the published language: unknown type, malformed envelope, or data
 * that does not match the schema of its type. Never worth retrying.
 */
export class ContractViolationError extends Error {
  override readonly name = "ContractViolationError";
  readonly eventType: string | undefined;
  readonly issues: readonly ContractIssue[];

  constructor(eventType: string | undefined, issues: readonly ContractIssue[]) {
    const shown = issues
      .slice(0, MAX_ISSUES_IN_MESSAGE)
      .map((issue) => `${issue.path || "(envelope)"} ${issue.message}`)
      .join("; ");
    const more =
      issues.length > MAX_ISSUES_IN_MESSAGE ? ` (+${issues.length - MAX_ISSUES_IN_MESSAGE} more)` : "";
    super(`Contract violation${eventType ? ` in ${eventType}` : ""}: ${shown}${more}`);
    this.eventType = eventType;
    this.issues = issues;
  }

  /** The first offending field. */
  get path(): string {
    return this.issues[0]?.path ?? "";
  }
}
