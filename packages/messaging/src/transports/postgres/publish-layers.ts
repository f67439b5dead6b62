import type { EventEnvelope } from "@ecommerce/contracts";

/**
 * Splits a batch so each part can go in one insert without breaking order per subject.
 *
 * pg-boss stamps every job of a transaction with the same `created_on` and breaks ties on the job
 * id, which is the event id (UUID v7, time-ordered). When, for every subject, the ids rise in batch
 * order (the normal case: one process creates an aggregate's events in sequence) the batch is one
 * layer. Otherwise (clocks of two instances disagreeing) layer k holds the k-th event of each
 * subject, and the layers go in separate transactions, so their timestamps order them.
 */
export function publishLayers(events: readonly EventEnvelope[]): EventEnvelope[][] {
  const lastId = new Map<string, string>();
  let ascending = true;
  for (const event of events) {
    const previous = lastId.get(event.subject);
    if (previous !== undefined && previous >= event.id.toLowerCase()) {
      ascending = false;
      break;
    }
    lastId.set(event.subject, event.id.toLowerCase());
  }
  if (ascending) return events.length > 0 ? [[...events]] : [];

  const layers: EventEnvelope[][] = [];
  const seen = new Map<string, number>();
  for (const event of events) {
    const index = seen.get(event.subject) ?? 0;
    seen.set(event.subject, index + 1);
    const layer = layers[index] ?? [];
    layer.push(event);
    layers[index] = layer;
  }
  return layers;
}
