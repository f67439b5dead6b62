import type { TokenCredential } from "@azure/identity";
import type { PoolConfig } from "pg";

const ENTRA_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";

export interface PoolOptions {
  url: string;
  max?: number;
  /** Passwordless Azure Database for PostgreSQL: an Entra token is the password. */
  credential?: TokenCredential;
}

/**
 * Pool settings for `@prisma/adapter-pg`. With a credential, pg asks for the password on each new
 * physical connection, so tokens are fetched fresh; connections are recycled before tokens expire.
 */
export function pgPoolConfig(options: PoolOptions): PoolConfig {
  const config: PoolConfig = {
    connectionString: options.url,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  };
  const credential = options.credential;
  if (credential) {
    config.password = async () => {
      const token = await credential.getToken(ENTRA_SCOPE);
      if (!token) throw new Error("could not get an Entra ID token for PostgreSQL");
      return token.token;
    };
    config.maxLifetimeSeconds = 45 * 60;
  }
  return config;
}
