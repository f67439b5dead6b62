import type { PoolConfig } from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import type { PasswordFunction } from "./entra-password.ts";

/**
 * A connection authenticated by token lives at most this long: pg-pool retires it (when idle) after
 * this many seconds, well inside an Entra token's lifetime (an hour or more), so no pooled
 * connection outlives the token it opened with.
 */
export const TOKEN_CONNECTION_LIFETIME_SECONDS = 45 * 60;

export interface PoolOptions {
  url: string;
  max?: number;
  /** Passwordless Azure Database for PostgreSQL: an Entra token is the password (entraTokenPassword). */
  password?: PasswordFunction | undefined;
}

/**
 * How to connect to the database at `url`, for a pg Client or Pool. With a password function the
 * URL is taken apart into host, port, user, database and TLS settings: pg lets a connection string
 * override every other setting, its (absent) password included, so a password function given
 * beside a connection string would never be called.
 */
export function pgConnectionConfig(url: string, password?: PasswordFunction): PoolConfig {
  if (!password) return { connectionString: url };
  const { password: _none, ...fields } = parseIntoClientConfig(url);
  return { ...(fields as PoolConfig), password, maxLifetimeSeconds: TOKEN_CONNECTION_LIFETIME_SECONDS };
}

/**
 * Pool settings for `@prisma/adapter-pg`. With a password function, pg asks for the password on
 * each new physical connection, so tokens are fresh; connections are recycled before tokens expire.
 */
export function pgPoolConfig(options: PoolOptions): PoolConfig {
  return {
    ...pgConnectionConfig(options.url, options.password),
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  };
}
