import type { EventEnvelope } from "./envelope.ts";

/**
 * Metadata for an event caused by handling `event`: same correlation id, causation = its id.
 * Spread it into createEvent: `createEvent(StockReserved, data, { ...causedBy(event) })`.
 */
export function causedBy(event: Pick<EventEnvelope, "id" | "correlationid">): {
  correlationId: string;
  causationId: string;
} {
  return { correlationId: event.correlationid, causationId: event.id };
}
