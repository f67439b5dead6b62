import pg from "pg";
import { PreparedStatementNames } from "../../prepared-statement-names.ts";

/** pg-boss has a few dozen statement texts (its fetch query once per queue). */
const names = new PreparedStatementNames("pgboss");

/**
 * Parameterised statements, and single DML statements without parameters: pg-boss inlines the queue
 * name and batch size into its fetch query, so that text is fixed per queue. A text holding several
 * statements cannot be prepared (PostgreSQL's extended protocol takes one), nor can DDL.
 */
function preparable(text: string, values: unknown): boolean {
  if (Array.isArray(values) && values.length > 0) return true;
  if (!/^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b/i.test(text)) return false;
  return !text.trimEnd().replace(/;$/, "").includes(";");
}

/**
 * A `pg` client that runs parameterised statements as named prepared statements. pg-boss sends
 * each of its statements as an unnamed one, so PostgreSQL parses and plans its fetch query (CTEs
 * over the job table) on every call: profiled under the order lifecycle, planning was two thirds of
 * the bus database's CPU. Named, a statement is parsed once per connection and its plan is cached.
 * Handed to pg-boss's pool through pg-pool's `Client` option, so pg-boss itself is unchanged.
 */
export class PreparedStatementClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is overloaded; this forwards every form.
  override query(config: any, values?: any, callback?: any): any {
    // pg-pool's own query() passes a callback; pg-boss's checked-out clients do not.
    if (typeof config === "string" && preparable(config, values)) {
      const name = names.nameFor(config);
      if (name !== undefined) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}
