import type { SqlExecutor } from "../database/sql-executor.ts";
import { isRefusal } from "../errors/application-error.ts";
import { KitErrors } from "../errors/kit-errors.ts";

/** One line of the audit trail: who sent which command, about what, when, and how it ended. */
export interface AuditEntry {
  /** UUID v7. */
  id: string;
  /** When the command arrived. */
  at: Date;
  /** The token's subject and roles over HTTP, `event:<context>` for an event's work, `anonymous` otherwise. */
  actor: { subject: string; roles: string[] };
  /** The command's name, e.g. "ConfirmOrder" or "HandleIntegrationEvent(<event type>)". */
  command: string;
  /** The id of what the command acted on (see Command.auditTarget), if it names one. */
  targetId: string | null;
  /** The command's fields, redacted (see redactPayload). */
  payload: Record<string, unknown>;
  correlationId: string;
  causationId: string;
  /** "succeeded", or the error code that refused it (`internal_error` for a failure that is not a refusal). */
  outcome: string;
  durationMs: number;
}

export const SUCCEEDED = "succeeded";

/** The outcome of a command that threw: its refusal's stable code; any other failure is an internal error. */
export function outcomeOf(error: unknown): string {
  return isRefusal(error) ? error.code : KitErrors.INTERNAL_ERROR;
}

/** Where entries are written: `executor` is the command's transaction, or absent for a row on its own. */
export interface AuditWriter {
  record(entry: AuditEntry, executor?: SqlExecutor): Promise<void>;
}
