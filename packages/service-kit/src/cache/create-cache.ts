import type { TokenCredential } from "@azure/identity";
import type { Logger } from "pino";
import { ConfigError } from "../config/load-config.ts";
import { Cache } from "./cache.ts";
import type { CacheStore } from "./cache-store.ts";
import { MemoryStore, NoStore } from "./memory-store.ts";
import { RedisStore } from "./redis-store.ts";

export interface CacheOptions {
  /** Prefix of every key, e.g. the service name, so services can share a Redis. */
  namespace: string;
  mode: "redis" | "memory" | "off";
  redisUrl?: string | undefined;
  /** REDIS_AUTH=entra: the credential whose Entra tokens authenticate to Redis. */
  redisCredential?: TokenCredential | undefined;
  logger: Logger;
  defaultTtlSeconds?: number;
  maxEntries?: number;
  /** A Redis command slower than this counts as a failure and falls back to the loader (default 250). */
  commandTimeoutMs?: number;
  /** How long start-up waits for the first Redis connection before going on without it (default 2000). */
  connectWaitMs?: number;
  /** After a failed call, the store is left alone this long before it is tried again (default 1000). */
  retryAfterMs?: number;
}

export async function createCache(options: CacheOptions): Promise<Cache> {
  let cache: Cache | undefined;
  let store: CacheStore;
  if (options.mode === "redis") {
    if (!options.redisUrl) throw new Error("cache mode redis needs a REDIS_URL");
    store = await RedisStore.open(
      {
        url: options.redisUrl,
        credential: options.redisCredential,
        commandTimeoutMs: options.commandTimeoutMs,
        onError: (error) => cache?.warn(error),
      },
      options.connectWaitMs,
    );
  } else if (options.mode === "memory") {
    store = new MemoryStore(options.maxEntries ?? 10_000);
  } else {
    store = new NoStore();
  }
  cache = new Cache(
    store,
    options.namespace,
    options.defaultTtlSeconds ?? 300,
    options.logger,
    options.retryAfterMs,
  );
  return cache;
}

/**
 * What CACHE_MODE means, the same in every service:
 * - `off`: no cache.
 * - `redis`: Redis at REDIS_URL (required).
 * - `memory`: an in-process LRU, chosen explicitly. Refused on an instance that only reads or only
 *   writes (SERVICE_ROLE): the writes that would invalidate it happen in another process.
 * - `auto` (or unset): Redis when REDIS_URL is set; otherwise nothing on a read-only or write-only
 *   instance, and an in-process LRU on an `all` instance outside production. In production that
 *   LRU is refused: several instances could not invalidate each other's copies and would serve
 *   stale values for up to the TTL, so a single-instance deployment says CACHE_MODE=memory.
 * A contradiction is a ConfigError, so the process stops at start with one clear line.
 */
export function cacheModeFromEnv(env: {
  REDIS_URL?: string | undefined;
  CACHE_MODE?: string | undefined;
  SERVICE_ROLE?: string | undefined;
  NODE_ENV?: string | undefined;
}): CacheOptions["mode"] {
  const split = env.SERVICE_ROLE === "read" || env.SERVICE_ROLE === "write";
  switch (env.CACHE_MODE ?? "auto") {
    case "off":
      return "off";
    case "redis":
      if (!env.REDIS_URL) throw new ConfigError(["CACHE_MODE=redis needs REDIS_URL"]);
      return "redis";
    case "memory":
      if (split) {
        throw new ConfigError([
          `CACHE_MODE=memory is refused with SERVICE_ROLE=${env.SERVICE_ROLE}: the writes that invalidate an in-process cache happen in another process; set REDIS_URL or CACHE_MODE=off`,
        ]);
      }
      return "memory";
    case "auto":
      if (env.REDIS_URL) return "redis";
      if (split) return "off";
      if (env.NODE_ENV === "production") {
        throw new ConfigError([
          "no REDIS_URL in production: an in-process cache is refused (instances cannot invalidate each other's); set REDIS_URL, or CACHE_MODE=memory for a single instance, or CACHE_MODE=off",
        ]);
      }
      return "memory";
    default:
      throw new ConfigError([
        `CACHE_MODE=${JSON.stringify(env.CACHE_MODE)} is invalid: must be one of auto, redis, memory, off`,
      ]);
  }
}
