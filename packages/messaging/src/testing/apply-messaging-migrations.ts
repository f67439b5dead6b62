import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { messagingMigrationsDir } from "../migrations-dir.ts";

/**
 * Applies the outbox/inbox migrations to a database, each in a transaction, as a service's migrate
 * command would. For tests and benchmarks of code that has no migrate command of its own.
 */
export async function applyMessagingMigrations(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const folders = (await readdir(messagingMigrationsDir)).sort();
    for (const folder of folders) {
      const sql = await readFile(join(messagingMigrationsDir, folder, "migration.sql"), "utf8");
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${folder} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.end();
  }
}
