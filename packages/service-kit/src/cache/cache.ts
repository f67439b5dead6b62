import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { CacheStore } from "./cache-store.ts";

const GENERATION_TTL_SECONDS = 7 * 24 * 3600;
// Longer than any load should take; a lease whose loader died only delays caching that key this long.
const LEASE_SECONDS = 10;

/**
 * Cache-aside for read models. A failing store never fails a request: the value is loaded from the
 * database and a warning logged (at most every 10 s). Writers delete the keys they change after
 * their transaction commits; list pages carry a generation number in their key that writers bump.
 */
export class Cache {
  #lastWarning = 0;

  constructor(
    private readonly store: CacheStore,
    private readonly namespace: string,
    private readonly defaultTtlSeconds: number,
    private readonly logger: Logger,
  ) {}

  get kind(): CacheStore["kind"] {
    return this.store.kind;
  }

  #key(key: string): string {
    return `${this.namespace}:${key}`;
  }

  /**
   * The cached value, or the loader's (then cached). A miss first takes a lease on the key, and the
   * value is stored only if the lease still holds: a writer's delete between our load and our store
   * removes the lease, so a value read before that write is never put back.
   */
  async getOrLoad<T>(key: string, load: () => Promise<T>, ttlSeconds = this.defaultTtlSeconds): Promise<T> {
    if (this.store.kind === "off") return load();
    const storeKey = this.#key(key);
    const cached = await this.#attempt(() => this.store.get(storeKey));
    if (cached !== undefined) return JSON.parse(cached) as T;
    const token = randomUUID();
    const leased = await this.#attempt(() => this.store.claim(storeKey, token, LEASE_SECONDS));
    let value: T;
    try {
      value = await load();
    } catch (error) {
      if (leased) await this.#attempt(() => this.store.fill(storeKey, token, undefined, ttlSeconds));
      throw error;
    }
    if (leased) {
      // undefined (not found) is not cached, so a later create is seen at once.
      const text = value === undefined ? undefined : JSON.stringify(value);
      await this.#attempt(() => this.store.fill(storeKey, token, text, ttlSeconds));
    }
    return value;
  }

  async delete(...keys: string[]): Promise<void> {
    await this.#attempt(() => this.store.delete(keys.map((k) => this.#key(k))));
  }

  /**
   * The current generation of a family of keys (e.g. list pages); part of their cache key. A lost
   * generation (evicted, or Redis restarted) becomes a new random one, never an old one reused.
   */
  async generation(name: string): Promise<string> {
    const value = await this.#attempt(() => this.store.get(this.#key(`gen:${name}`)));
    return value ?? (await this.bump(name));
  }

  /** Makes every key built with the old generation unreachable (they expire on their own). */
  async bump(name: string): Promise<string> {
    const next = randomUUID();
    await this.#attempt(() => this.store.set(this.#key(`gen:${name}`), next, GENERATION_TTL_SECONDS));
    return next;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  async #attempt<T>(operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await operation();
    } catch (error) {
      this.warn(error as Error);
      return undefined;
    }
  }

  warn(error: Error): void {
    const now = Date.now();
    if (now - this.#lastWarning < 10_000) return;
    this.#lastWarning = now;
    this.logger.warn({ err: error, cache: this.store.kind }, "cache unavailable, reading from the database");
  }
}
