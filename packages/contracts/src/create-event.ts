import { v7 as uuidv7 } from "uuid";
import { ContractViolationError } from "./contract-violation-error.ts";
import type { DataOf, EnvelopeOf, EventType } from "./event-type.ts";
import { checkEnvelope } from "./parse-event.ts";

export interface EventMetadata {
  /** Shared by everything one request causes: the request's correlation id, or `causedBy(event)`. */
  correlationId: string;
  /** What directly caused the event; defaults to the correlation id (an event caused by a request). */
  causationId?: string;
  /** The aggregate id; defaults to the event type's subject field in `data`. */
  subject?: string;
  traceparent?: string;
  /** Defaults to a new UUID v7. */
  id?: string;
  /** Defaults to now. */
  time?: Date;
  /** The aggregate version the change produced (the `sequence` extension attribute); none by default. */
  sequence?: number;
}

/**
 * Builds a valid envelope for `eventType`. Throws ContractViolationError when `data` does not match
 * the schema, so a bad event fails the publisher's transaction instead of reaching a consumer.
 */
export function createEvent<E extends EventType>(
  eventType: E,
  data: DataOf<E>,
  metadata: EventMetadata,
): EnvelopeOf<E> {
  const subject = metadata.subject ?? (data as Record<string, unknown>)[eventType.subjectField];
  const envelope = {
    specversion: "1.0",
    id: metadata.id ?? uuidv7(),
    source: eventType.source,
    type: eventType.type,
    subject,
    time: (metadata.time ?? new Date()).toISOString(),
    datacontenttype: "application/json",
    data,
    correlationid: metadata.correlationId,
    causationid: metadata.causationId ?? metadata.correlationId,
    ...(metadata.traceparent ? { traceparent: metadata.traceparent } : {}),
    ...(metadata.sequence !== undefined ? { sequence: metadata.sequence } : {}),
  };
  const issues = [...checkEnvelope(envelope), ...eventType.check(data)];
  if (issues.length > 0) throw new ContractViolationError(eventType.type, issues);
  return envelope as EnvelopeOf<E>;
}
