import type { Logger } from "pino";
import { ensureDatabase, migrate } from "../database/migrate.ts";

/**
 * Outside production a missing database is created (production databases are provisioned); then
 * pending migrations are applied under the migration lock, so instances starting together do not
 * both migrate.
 */
export async function prepareDatabase(options: {
  name: string;
  databaseUrl: string;
  production: boolean;
  migrations: string[];
  logger: Logger;
}): Promise<string[]> {
  if (!options.production && (await ensureDatabase(options.databaseUrl))) {
    options.logger.info(`created the ${options.name} database`);
  }
  return migrate({
    databaseUrl: options.databaseUrl,
    sources: options.migrations,
    log: (line) => options.logger.info(line),
  });
}
