import { LRUCache } from "lru-cache";
import { type CacheStore, isLease, leaseMarker } from "./cache-store.ts";

/** A bounded in-process cache for development and single-instance use. */
export class MemoryStore implements CacheStore {
  readonly kind = "memory" as const;
  readonly #lru: LRUCache<string, string>;

  constructor(maxEntries: number) {
    this.#lru = new LRUCache({ max: maxEntries, ttlAutopurge: false });
  }

  async get(key: string) {
    const stored = this.#lru.get(key);
    return stored === undefined || isLease(stored) ? undefined : stored;
  }

  async set(key: string, value: string, ttlSeconds: number) {
    this.#lru.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async claim(key: string, token: string, leaseSeconds: number) {
    if (this.#lru.has(key)) return false;
    this.#lru.set(key, leaseMarker(token), { ttl: leaseSeconds * 1000 });
    return true;
  }

  async fill(key: string, token: string, value: string | undefined, ttlSeconds: number) {
    if (this.#lru.get(key) !== leaseMarker(token)) return;
    if (value === undefined) this.#lru.delete(key);
    else this.#lru.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async delete(keys: string[]) {
    for (const key of keys) this.#lru.delete(key);
  }

  async deletePrefix(prefix: string) {
    for (const key of [...this.#lru.keys()]) if (key.startsWith(prefix)) this.#lru.delete(key);
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
  async claim() {
    return false;
  }
  async fill() {}
  async delete() {}
  async deletePrefix() {}
  async close() {}
}
