import { LRUCache } from "lru-cache";
import type { CacheStore } from "./cache-store.ts";

/** A bounded in-process cache for development and single-instance use. */
export class MemoryStore implements CacheStore {
  readonly kind = "memory" as const;
  readonly #lru: LRUCache<string, string>;

  constructor(maxEntries: number) {
    this.#lru = new LRUCache({ max: maxEntries, ttlAutopurge: false });
  }

  async get(key: string) {
    return this.#lru.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number) {
    this.#lru.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async delete(keys: string[]) {
    for (const key of keys) this.#lru.delete(key);
  }

  async close() {
    this.#lru.clear();
  }
}

/** No caching at all: every read goes to the database (benchmarks, troubleshooting). */
export class NoStore implements CacheStore {
  readonly kind = "off" as const;
  async get() {
    return undefined;
  }
  async set() {}
  async delete() {}
  async close() {}
}
