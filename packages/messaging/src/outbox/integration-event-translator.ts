import { createEvent, type DataOf, type EventEnvelope, type EventType } from "@ecommerce/contracts";
import type { SqlExecutor } from "../sql-executor.ts";
import { appendToOutbox } from "./append-to-outbox.ts";

/** One integration event a save publishes, before the outbox gives it its envelope. */
export interface IntegrationEvent<E extends EventType = EventType> {
  readonly eventType: E;
  readonly data: DataOf<E>;
  /** When it happened (the domain event's time); the time of the save when not given. */
  readonly occurredAt?: Date | undefined;
}

/** Builds an IntegrationEvent whose data the compiler checks against the event type's schema. */
export function integrationEvent<E extends EventType>(
  eventType: E,
  data: DataOf<E>,
  occurredAt?: Date,
): IntegrationEvent {
  return { eventType, data, occurredAt } as IntegrationEvent;
}

/**
 * A context's published language, outbound: what other contexts learn from one save of an
 * aggregate (usually from its pending domain events). Each service has one, in its infrastructure/;
 * everything it does not return stays inside the service.
 */
export interface IntegrationEventTranslator<A> {
  translate(aggregate: A): readonly IntegrationEvent[];
}

/** Whom the events answer to: the request's correlation, and the request or event that caused them. */
export interface OutboxMetadata {
  correlationId: string;
  causationId: string;
}

/** Writes envelopes in the caller's transaction (appendToOutbox; a test may wrap it). */
export type OutboxAppender = (tx: SqlExecutor, events: EventEnvelope[]) => Promise<void>;

/**
 * The envelopes of one save: each translated event, stamped with the metadata and with the version
 * the save produced as its `sequence` (its position in the aggregate's stream), in order.
 */
export function envelopesOf<A>(
  translator: IntegrationEventTranslator<A>,
  aggregate: A,
  version: number,
  metadata: OutboxMetadata,
): EventEnvelope[] {
  return translator.translate(aggregate).map((event) =>
    createEvent(event.eventType, event.data, {
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      sequence: version,
      ...(event.occurredAt ? { time: event.occurredAt } : {}),
    }),
  );
}

/**
 * The one way a service's unit of work turns a saved aggregate into outbox rows: translate, stamp,
 * append, in the save's transaction, so the events are published if and only if the change commits.
 */
export class IntegrationOutbox<A> {
  constructor(
    private readonly translator: IntegrationEventTranslator<A>,
    private readonly append: OutboxAppender = appendToOutbox,
  ) {}

  /** `version` is the version the save produced (1 for a new aggregate). */
  async write(tx: SqlExecutor, aggregate: A, version: number, metadata: OutboxMetadata): Promise<void> {
    const envelopes = envelopesOf(this.translator, aggregate, version, metadata);
    if (envelopes.length > 0) await this.append(tx, envelopes);
  }
}
