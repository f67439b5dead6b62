import { isUuid } from "@ecommerce/domain-kernel";
import type { SqlExecutor } from "../database/sql-executor.ts";
import { decodeCursor, encodeCursor } from "../paging/cursor.ts";
import type { Page } from "../paging/page.ts";
import type { AuditEntry, AuditWriter } from "./audit-entry.ts";

/** An entry as the trail answers it: JSON, the time as an ISO string. */
export interface AuditRecord extends Omit<AuditEntry, "at"> {
  at: string;
}

interface Row {
  id: string;
  at: Date | string;
  actor_subject: string;
  actor_roles: string[];
  command: string;
  target_id: string | null;
  payload: Record<string, unknown> | string;
  correlation_id: string;
  causation_id: string;
  outcome: string;
  duration_ms: number;
}

function recordOf(row: Row): AuditRecord {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: { subject: row.actor_subject, roles: row.actor_roles },
    command: row.command,
    targetId: row.target_id,
    payload: typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    outcome: row.outcome,
    durationMs: row.duration_ms,
  };
}

// A page's position: the last row's time and id, the order of the list.
function positionOf(cursor: string): [string, string] {
  const [at = "", id = ""] = decodeCursor(
    cursor,
    2,
    ([at = "", id = ""]) => !Number.isNaN(Date.parse(at)) && isUuid(id),
  );
  return [at, id];
}

/**
 * The `audit_trail` table every service keeps in its own database (service-kit's migration
 * 20261202000000_audit_trail). Rows are only ever inserted.
 */
export class SqlAuditTrail implements AuditWriter {
  constructor(private readonly db: SqlExecutor) {}

  async record(entry: AuditEntry, executor: SqlExecutor = this.db): Promise<void> {
    // Roles and payload travel as JSON text: the one parameter type every driver passes unchanged.
    await executor.$executeRawUnsafe(
      `INSERT INTO audit_trail (id, at, actor_subject, actor_roles, command, target_id, payload,
         correlation_id, causation_id, outcome, duration_ms)
       VALUES ($1::uuid, $2::timestamptz, $3, ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), $5, $6,
         $7::jsonb, $8, $9, $10, $11)`,
      entry.id,
      entry.at.toISOString(),
      entry.actor.subject,
      JSON.stringify(entry.actor.roles),
      entry.command,
      entry.targetId,
      JSON.stringify(entry.payload),
      entry.correlationId,
      entry.causationId,
      entry.outcome,
      entry.durationMs,
    );
  }

  /** A target's trail, newest first. */
  async list(targetId: string, cursor: string | undefined, limit: number): Promise<Page<AuditRecord>> {
    const [at, id] = cursor ? positionOf(cursor) : [null, null];
    const rows = await this.db.$queryRawUnsafe<Row[]>(
      `SELECT id::text, at, actor_subject, actor_roles, command, target_id, payload, correlation_id,
              causation_id, outcome, duration_ms
         FROM audit_trail
        WHERE target_id = $1 AND ($2::timestamptz IS NULL OR (at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY at DESC, id DESC
        LIMIT $4`,
      targetId,
      at,
      id,
      limit + 1,
    );
    const items = rows.slice(0, limit).map(recordOf);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor([last.at, last.id]) : null,
    };
  }
}
