/**
 * SQL of the replicas' ordering rule, for a row of `table` and a change at `sequence` (the event's
 * position in its aggregate's stream, a bigint parameter, NULL from older publishers) and `asOf` (the
 * event's time, a timestamptz parameter). Sequences decide when both sides have one, because the
 * publisher's clocks may disagree; otherwise the times do, as before events carried a sequence.
 */
export function isNotOlder(table: string, sequence: string, asOf: string): string {
  return `CASE WHEN ${sequence}::bigint IS NOT NULL AND ${table}.sequence IS NOT NULL
    THEN ${table}.sequence <= ${sequence}::bigint
    ELSE ${table}.as_of <= ${asOf}::timestamptz END`;
}

/** SET clauses moving the row's position to the change's; neither ever moves back. */
export function advanceTo(table: string, sequence: string, asOf: string): string {
  return `as_of = GREATEST(${table}.as_of, ${asOf}::timestamptz),
    sequence = GREATEST(${table}.sequence, ${sequence}::bigint)`;
}
