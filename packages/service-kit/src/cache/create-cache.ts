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
  cache = new Cache(store, options.namespace, options.defaultTtlSeconds ?? 300, options.logger);
  return cache;
}

/** REDIS_URL set → Redis; otherwise an in-process LRU; CACHE_MODE=off disables caching. */
export function cacheModeFromEnv(env: { REDIS_URL?: string | undefined; CACHE_MODE?: string | undefined }) {
  if (env.CACHE_MODE === "off") return "off" as const;
  return env.REDIS_URL ? ("redis" as const) : ("memory" as const);
}
