import type { SqlExecutor } from "../sql-executor.ts";

/**
 * Records that `subscription` handled `eventId`, in the caller's transaction. True the first time;
 * false for a redelivery, whose effect the caller then skips. Call it before the effect, in the same
 * transaction, so the effect and the record commit or roll back together.
 */
export async function recordInboxOnce(
  tx: SqlExecutor,
  subscription: string,
  eventId: string,
): Promise<boolean> {
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO messaging_inbox (subscription, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
    subscription,
    eventId,
  );
  return inserted === 1;
}

/**
 * Forgets inbox rows older than `olderThan`. Keep them longer than any redelivery can come late:
 * dead letters replayed after that would be handled again.
 */
export async function pruneInbox(tx: SqlExecutor, olderThan: Date): Promise<number> {
  return tx.$executeRawUnsafe(`DELETE FROM messaging_inbox WHERE handled_at < $1`, olderThan);
}
