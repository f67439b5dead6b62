import { currentContext } from "../context/request-context.ts";
import type { SqlExecutor } from "./sql-executor.ts";

/**
 * Inside a command's transaction: if the request claimed an Idempotency-Key, record on the key that
 * its command committed. It commits or rolls back with the command, so a repeat of the key can tell
 * "took effect, answer lost" (never run again) from "died before committing" (safe to run again).
 */
export async function recordIdempotentCommit(tx: SqlExecutor): Promise<void> {
  const claimed = currentContext()?.idempotency;
  if (!claimed) return;
  await tx.$executeRawUnsafe(
    "UPDATE idempotency_keys SET committed_at = now() WHERE scope = $1 AND key = $2",
    claimed.scope,
    claimed.key,
  );
}
