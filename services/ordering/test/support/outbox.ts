import { type KnownEvent, parseEvent } from "@ecommerce/contracts";
import { expect } from "vitest";
import type { Db } from "../../src/infrastructure/database.ts";

export interface OutboxRow {
  position: number;
  sent: boolean;
  /** The stored envelope, parsed and validated against the contracts catalogue. */
  event: KnownEvent;
}

/**
 * The outbox rows (of one subject, i.e. one order, when given), in publishing order. Every envelope
 * must parse against the published language, and the row's columns must agree with it: the relay
 * publishes the envelope, but orders and locks by the columns.
 */
export async function outboxRows(db: Db, subject?: string): Promise<OutboxRow[]> {
  const rows = await db.$queryRawUnsafe<
    {
      position: string;
      event_id: string;
      event_type: string;
      subject: string;
      envelope: unknown;
      sent: boolean;
    }[]
  >(
    `SELECT o.position::text AS position, o.event_id::text AS event_id, o.event_type, o.subject, o.envelope,
            o.sent_at IS NOT NULL AS sent
       FROM messaging_outbox o ${subject ? "WHERE o.subject = $1" : ""} ORDER BY o.position`,
    ...(subject ? [subject] : []),
  );
  return rows.map((row) => {
    const event = parseEvent(row.envelope);
    expect({ id: row.event_id, type: row.event_type, subject: row.subject }).toEqual({
      id: event.id,
      type: event.type,
      subject: event.subject,
    });
    return { position: Number(row.position), sent: row.sent, event };
  });
}

/** The event types in an order's outbox, oldest first, e.g. ["ecommerce.ordering.order-placed.v1"]. */
export async function outboxTypes(db: Db, subject: string): Promise<string[]> {
  return (await outboxRows(db, subject)).map((row) => row.event.type);
}

export async function countOutbox(db: Db): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM messaging_outbox");
  return row?.n ?? -1;
}
