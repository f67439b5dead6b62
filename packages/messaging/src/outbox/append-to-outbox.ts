import type { EventEnvelope } from "@ecommerce/contracts";
import type { SqlExecutor } from "../sql-executor.ts";
import { currentTraceparent } from "../trace-context.ts";

/**
 * Writes events to the outbox inside the caller's transaction (the unit of work that saves the
 * aggregate), so they are published if and only if the state change commits. Events without a
 * traceparent get the active trace's. The insert keeps the array order, which is publishing order.
 */
export async function appendToOutbox(tx: SqlExecutor, events: readonly EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  const traceparent = currentTraceparent();
  const rows = events.map((event) => (event.traceparent || !traceparent ? event : { ...event, traceparent }));
  // One JSON parameter rather than arrays: it works the same through Prisma and node-postgres.
  await tx.$executeRawUnsafe(
    `INSERT INTO messaging_outbox (event_id, event_type, subject, envelope)
     SELECT (e.value->>'id')::uuid, e.value->>'type', e.value->>'subject', e.value
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ordinal)
     ORDER BY e.ordinal`,
    JSON.stringify(rows),
  );
}
