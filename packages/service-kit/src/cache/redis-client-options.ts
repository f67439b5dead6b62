import type { TokenCredential } from "@azure/identity";
import type { RedisClientOptions } from "redis";

export interface RedisConnection {
  /** `redis://` or `rediss://` (TLS, e.g. Azure Managed Redis on port 10000). */
  url: string;
  /** REDIS_AUTH=entra: the client authenticates with Entra tokens of this credential. */
  credential?: TokenCredential | undefined;
}

/** Azure Cache for Redis and Azure Managed Redis accept Entra tokens of this scope. */
export const REDIS_ENTRA_SCOPE = "https://redis.azure.com/.default";

/**
 * The `redis` client's options for the cache. TLS follows the URL (`rediss://`). With a credential,
 * `@redis/entraid` fetches a token (the user name is the identity's object id, read from the token),
 * re-authenticates the open connection before the token expires, and uses the current token for
 * each reconnection.
 */
export async function redisClientOptions(connection: RedisConnection): Promise<RedisClientOptions> {
  const options: RedisClientOptions = {
    url: connection.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000),
    },
  };
  if (connection.credential) {
    const { EntraIdCredentialsProviderFactory } = await import("@redis/entraid");
    options.credentialsProvider = EntraIdCredentialsProviderFactory.createForDefaultAzureCredential({
      credential: connection.credential,
      scopes: REDIS_ENTRA_SCOPE,
      // Renewed when three quarters of a token's life has passed, leaving time for retries.
      tokenManagerConfig: {
        expirationRefreshRatio: 0.75,
        retry: { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 10_000, backoffMultiplier: 2 },
      },
    });
  }
  return options;
}
