import type { Logger } from "pino";
import type { PasswordFunction } from "../database/entra-password.ts";
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
  /** DATABASE_AUTH=entra: every connection authenticates with an Entra token. */
  password?: PasswordFunction | undefined;
}): Promise<string[]> {
  if (!options.production && (await ensureDatabase(options.databaseUrl, options.password))) {
    options.logger.info(`created the ${options.name} database`);
  }
  return migrate({
    databaseUrl: options.databaseUrl,
    sources: options.migrations,
    password: options.password,
    log: (line) => options.logger.info(line),
  });
}
