import pg from "pg";

/** One statement of pg_stat_statements, for the current database. */
export interface SlowStatement {
  calls: number;
  meanMs: number;
  totalMs: number;
  rows: number;
  /** Share of the database's total execution time, 0–100. */
  percentOfTotal: number;
  query: string;
}

/** pg_stat_statements cannot answer on this server or database; `message` says what to do. */
export class SlowQueriesUnavailable extends Error {}

const NOT_PRELOADED = `pg_stat_statements is not loaded by this PostgreSQL server, so it records nothing.
To turn it on:
  - a server you run: add it to shared_preload_libraries in postgresql.conf
    (shared_preload_libraries = 'pg_stat_statements') and restart the server;
  - Azure Database for PostgreSQL (flexible server): it is preloaded by default; otherwise set the
    server parameter shared_preload_libraries to include pg_stat_statements and restart;
then, in the service's database: CREATE EXTENSION pg_stat_statements;`;

const NOT_CREATED = (database: string) =>
  `pg_stat_statements is loaded by the server but not created in the database "${database}".
Run, as a user allowed to: CREATE EXTENSION pg_stat_statements;  (in that database; on Azure, allow-list it
first in the server parameter azure.extensions)`;

/**
 * The statements of `databaseUrl`'s database with the highest mean execution time, from
 * pg_stat_statements (PostgreSQL 13 or later). Throws SlowQueriesUnavailable, with what to do, when
 * the extension is not loaded by the server or not created in the database.
 */
export async function slowQueries(databaseUrl: string, limit = 10): Promise<SlowStatement[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "slow-queries" });
  await client.connect();
  try {
    const { rows: setting } = await client.query<{ libraries: string; database: string }>(
      "SELECT current_setting('shared_preload_libraries') AS libraries, current_database() AS database",
    );
    const { libraries, database } = setting[0]!;
    if (!libraries.split(",").some((name) => name.trim() === "pg_stat_statements")) {
      throw new SlowQueriesUnavailable(NOT_PRELOADED);
    }
    const { rowCount } = await client.query(
      "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'",
    );
    if (!rowCount) throw new SlowQueriesUnavailable(NOT_CREATED(database));
    const { rows } = await client.query<SlowStatement>(
      `WITH mine AS (
         SELECT s.* FROM pg_stat_statements s
         JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()
       )
       SELECT calls::float8 AS calls, mean_exec_time AS "meanMs", total_exec_time AS "totalMs",
              rows::float8 AS rows,
              100 * total_exec_time / NULLIF(sum(total_exec_time) OVER (), 0) AS "percentOfTotal",
              query
       FROM mine ORDER BY mean_exec_time DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ ...row, percentOfTotal: row.percentOfTotal ?? 0 }));
  } finally {
    await client.end();
  }
}

const oneLine = (query: string, width: number) => {
  const flat = query.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

/** The statements as a table, widest first column last. */
export function slowQueriesTable(statements: readonly SlowStatement[], queryWidth = 100): string {
  const header = ["#", "mean ms", "calls", "total ms", "% time", "rows", "statement"];
  const lines = statements.map((s, index) => [
    String(index + 1),
    s.meanMs.toFixed(2),
    String(s.calls),
    s.totalMs.toFixed(1),
    s.percentOfTotal.toFixed(1),
    String(s.rows),
    oneLine(s.query, queryWidth),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padStart(widths[i]!))).join("  ");
  return [format(header), ...lines.map(format)].join("\n");
}
