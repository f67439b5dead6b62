import { DomainError } from "@ecommerce/domain-kernel";
import { Type } from "typebox";
import { runWithContext } from "../context/request-context.ts";
import type { SqlExecutor } from "../database/sql-executor.ts";
import { ApplicationError } from "../errors/application-error.ts";
import type { Mediator } from "./mediator.ts";
import { Command, type MessageHandler } from "./message.ts";

/** What the pipeline reads of a delivered event (a contracts EventEnvelope, already validated). */
export interface DeliveredEvent {
  id: string;
  type: string;
  /** The publishing context, e.g. "/catalog": the actor of the work the event causes. */
  source: string;
  correlationid: string;
  /** The aggregate the event is about: the target of its handling in the audit trail. */
  subject?: string | undefined;
}

/**
 * One delivered event's handling, as a command: it goes through the service's pipeline like any
 * other (logging, tracing, audit, validation, retry on conflict, the transaction), and the commands
 * its handler sends join that transaction. The event itself was parsed once, against its contract,
 * by the consumer; `work` is the consumer's inbox row and handler.
 */
export class HandleIntegrationEvent extends Command<unknown> {
  static readonly schema = Type.Object({
    subscription: Type.String({ minLength: 1 }),
    eventType: Type.String({ minLength: 1 }),
    eventId: Type.String({ minLength: 1 }),
    subject: Type.Optional(Type.String({ minLength: 1 })),
  });

  constructor(
    readonly subscription: string,
    readonly eventType: string,
    readonly eventId: string,
    readonly work: () => Promise<unknown>,
    /** The event's subject (the publishing aggregate's id). */
    readonly subject?: string | undefined,
  ) {
    super();
  }

  /** The event's subject: the order whose confirmation catalog handled, etc. */
  override auditTarget(): string | undefined {
    return this.subject;
  }

  override get messageName(): string {
    return `HandleIntegrationEvent(${this.eventType})`;
  }
}

/** Registered by the standard mediator: the work runs innermost, in the pipeline's transaction. */
export const handleIntegrationEventHandler: MessageHandler<HandleIntegrationEvent> = {
  handle: (message) => message.work(),
};

/**
 * The code of an error that refuses an event for good: a domain rule, or a message its schema
 * refuses. Redelivering cannot change either answer. Anything else (a conflict, a database outage)
 * may pass on a retry.
 */
export function refusalOf(error: unknown): string | undefined {
  if (error instanceof DomainError) return error.code;
  if (error instanceof ApplicationError && error.kind === "malformed") return error.code;
  return undefined;
}

/**
 * How a service runs the events it consumes (messaging's EventPipeline, by shape): each in the
 * event's correlation with the event as its cause, as `event:<publishing context>`, through the
 * mediator, in one transaction of `unitOfWork`.
 */
export function eventPipeline(mediator: Mediator, unitOfWork: { current(): SqlExecutor }) {
  return {
    run<T>(event: DeliveredEvent, subscription: string, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const context = {
        requestId: event.id,
        correlationId: event.correlationid,
        causationId: event.id,
        actor: { id: `event:${event.source.replace(/^\//, "")}`, roles: [] },
      };
      const command = new HandleIntegrationEvent(
        subscription,
        event.type,
        event.id,
        () => work(unitOfWork.current()),
        event.subject,
      );
      return runWithContext(context, () => mediator.send(command)) as Promise<T>;
    },
    refusal: refusalOf,
  };
}
