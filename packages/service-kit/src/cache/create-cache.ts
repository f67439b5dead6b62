import type { Logger } from "pino";
import { Cache } from "./cache.ts";
import type { CacheStore } from "./cache-store.ts";
import { MemoryStore, NoStore } from "./memory-store.ts";
import { RedisStore } from "./redis-store.ts";

export interface CacheOptions {
  /** Prefix of every key, e.g. the service name, so services can share a Redis. */
  namespace: string;
  mode: "redis" | "memory" | "off";
  redisUrl?: string | undefined;
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
 * REDIS_URL set → Redis; otherwise an in-process LRU; CACHE_MODE=off disables caching. An instance
 * that only reads or only writes (SERVICE_ROLE) gets no in-process cache: the writes that would
 * invalidate it happen in another process, so it would serve stale values.
 */
export function cacheModeFromEnv(env: {
  REDIS_URL?: string | undefined;
  CACHE_MODE?: string | undefined;
  SERVICE_ROLE?: string | undefined;
}) {
  if (env.CACHE_MODE === "off") return "off" as const;
  if (env.REDIS_URL) return "redis" as const;
  return env.SERVICE_ROLE === "read" || env.SERVICE_ROLE === "write" ? ("off" as const) : ("memory" as const);
}
