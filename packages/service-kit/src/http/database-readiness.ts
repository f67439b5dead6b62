import { assertMigrated } from "../database/migrate.ts";
import type { SqlExecutor } from "../database/sql-executor.ts";
import type { ReadinessCheck } from "./health.ts";

/** A service is ready when its database answers and every migration on disk is applied. */
export function databaseReadiness(
  db: SqlExecutor,
  migrationSources: string[],
): Record<string, ReadinessCheck> {
  return {
    database: async () => {
      await db.$queryRawUnsafe("SELECT 1");
    },
    migrations: () => assertMigrated(db, migrationSources),
  };
}
