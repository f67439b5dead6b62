import { newId } from "@ecommerce/domain-kernel";
import type { Logger } from "pino";
import { type AuditEntry, type AuditWriter, outcomeOf, SUCCEEDED } from "../audit/audit-entry.ts";
import { redactPayload } from "../audit/redact-payload.ts";
import type { SqlExecutor } from "../database/sql-executor.ts";
import type { Command, Message, MessageContext, PipelineBehaviour } from "./message.ts";

/** What the audit needs of the unit of work: the command's transaction, when there is one. */
export interface AuditedUnitOfWork {
  inTransaction(): boolean;
  current(): SqlExecutor;
}

/** When a command arrived; its row's id is taken then too, so (at, id) orders rows by arrival. */
interface Arrival {
  id: string;
  at: Date;
  started: number;
}

const arrivalNow = (): Arrival => ({ id: newId(), at: new Date(), started: performance.now() });

/**
 * The durable audit trail, as two behaviours around the transaction behaviour:
 *
 * - `outcome` (outside the transaction, where the audit always sat): a command that throws (a
 *   refusal, a conflict past its retries, an invalid message, a crash) has had its effect rolled back;
 *   its row, with the error code as the outcome, is then written on its own. A command sent from
 *   inside another's transaction (an event handler's) writes it in that transaction instead: if
 *   the outer command fails too, its own row tells the story, and a second connection per failure
 *   could exhaust the pool under load.
 * - `effect` (innermost, inside the transaction): a command that succeeded writes its row in its own
 *   transaction, beside its effect. If that insert fails, the effect is rolled back: nothing is done
 *   without a trace.
 *
 * A command retried after a lost optimistic-concurrency race leaves one row: the attempts that lost
 * were rolled back with theirs.
 */
export function auditBehaviours(
  trail: AuditWriter,
  unitOfWork: AuditedUnitOfWork,
  logger: Logger,
): { outcome: PipelineBehaviour; effect: PipelineBehaviour } {
  const arrivals = new WeakMap<MessageContext, Arrival>();

  function entryOf(
    message: Message<unknown>,
    context: MessageContext,
    outcome: string,
    result?: unknown,
  ): AuditEntry {
    const arrival = arrivals.get(context) ?? arrivalNow();
    const command = message as Command<unknown>;
    return {
      id: arrival.id,
      at: arrival.at,
      actor: { subject: context.actor?.id ?? "anonymous", roles: context.actor?.roles ?? [] },
      command: message.messageName,
      targetId: command.auditTarget(result) ?? null,
      payload: redactPayload(command),
      correlationId: context.correlationId,
      causationId: context.causationId,
      outcome,
      durationMs: Math.max(0, Math.round(performance.now() - arrival.started)),
    };
  }

  const outcome: PipelineBehaviour = {
    name: "audit",
    appliesTo: "command",
    async handle(message, context, next) {
      arrivals.set(context, arrivalNow());
      const nested = unitOfWork.inTransaction();
      try {
        return await next();
      } catch (error) {
        const entry = entryOf(message, context, outcomeOf(error));
        try {
          await trail.record(entry, nested ? unitOfWork.current() : undefined);
        } catch (auditError) {
          // Nothing took effect (the command failed), so nothing is left untraced; the original
          // error is the one to answer, and the lost row is logged in full for the record. Inside
          // another's transaction this is expected when the failure aborted it (the outer command's
          // own row, written after its rollback, then carries the code).
          const fields = { err: auditError, audit: entry };
          const message = "audit: the row of a failed command was not written";
          if (nested) logger.warn(fields, message);
          else logger.error(fields, message);
        }
        throw error;
      }
    },
  };

  const effect: PipelineBehaviour = {
    name: "audit-effect",
    appliesTo: "command",
    async handle(message, context, next) {
      const result = await next();
      await trail.record(entryOf(message, context, SUCCEEDED, result), unitOfWork.current());
      return result;
    },
  };

  return { outcome, effect };
}
