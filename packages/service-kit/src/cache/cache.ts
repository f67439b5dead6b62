import { randomUUID } from "node:crypto";
import { lazyInstruments } from "@ecommerce/messaging";
import type { Logger } from "pino";
import type { CacheStore } from "./cache-store.ts";

const GENERATION_TTL_SECONDS = 7 * 24 * 3600;
// Longer than any load should take; a lease whose loader died only delays caching that key this long.
const LEASE_SECONDS = 10;
// Invalidations remembered during an outage; beyond this the whole namespace is cleared instead.
const MAX_PENDING_INVALIDATIONS = 10_000;

// Hits and misses of every cache-aside read (the hit ratio is hit / all); a no-op until the
// service's telemetry starts.
const lookups = lazyInstruments("@ecommerce/service-kit", (meter) =>
  meter.createCounter("cache.lookups", {
    description: "Cache-aside reads by result (hit, miss); the hit ratio is hits over all",
    unit: "{lookup}",
  }),
);

/**
 * Cache-aside for read models. A failing store never fails a request: the value is loaded from the
 * database and a warning logged (at most every 10 s). Writers delete the keys they change after
 * their transaction commits; list pages carry a generation number in their key that writers bump.
 *
 * An invalidation that fails (Redis unreachable) is remembered and applied as soon as the store
 * answers again; until then this instance reads only from the database, so it never serves a value
 * its own writes made stale. After a failure the store is left alone for `retryAfterMs`, so a
 * hanging Redis costs one timeout per interval, not one per request.
 */
export class Cache {
  #lastWarning = 0;
  #unavailableUntil = 0;
  readonly #pendingKeys = new Set<string>();
  readonly #pendingGenerations = new Set<string>();
  #pendingOverflow = false;
  #settling: Promise<boolean> | undefined;
  #closed: Promise<void> | undefined;

  constructor(
    private readonly store: CacheStore,
    private readonly namespace: string,
    private readonly defaultTtlSeconds: number,
    private readonly logger: Logger,
    private readonly retryAfterMs = 1_000,
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
    if (!(await this.#settled())) return load();
    const storeKey = this.#key(key);
    const cached = await this.#attempt(() => this.store.get(storeKey));
    lookups().add(1, {
      "cache.namespace": this.namespace,
      "cache.result": cached === undefined ? "miss" : "hit",
    });
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
    const storeKeys = keys.map((k) => this.#key(k));
    const done = await this.#attempt(async () => {
      await this.store.delete(storeKeys);
      return true;
    });
    if (!done) this.#remember(storeKeys, []);
  }

  /**
   * The current generation of a family of keys (e.g. list pages); part of their cache key. A lost
   * generation (evicted, or Redis restarted) becomes a new random one, never an old one reused.
   */
  async generation(name: string): Promise<string> {
    // Unsettled: a throwaway generation, so nothing cached under the old one is read.
    if (!(await this.#settled())) return randomUUID();
    const value = await this.#attempt(() => this.store.get(this.#key(`gen:${name}`)));
    return value ?? (await this.bump(name));
  }

  /** Makes every key built with the old generation unreachable (they expire on their own). */
  async bump(name: string): Promise<string> {
    const next = randomUUID();
    const done = await this.#attempt(async () => {
      await this.store.set(this.#key(`gen:${name}`), next, GENERATION_TTL_SECONDS);
      return true;
    });
    if (!done) this.#remember([], [name]);
    return next;
  }

  /** Invalidations still waiting for the store to answer (for tests and readiness). */
  get pendingInvalidations(): number {
    return this.#pendingOverflow
      ? Number.POSITIVE_INFINITY
      : this.#pendingKeys.size + this.#pendingGenerations.size;
  }

  /** For readiness: throws unless the store answers (Redis reachable); in-process stores always do. */
  async ping(): Promise<void> {
    await this.store.ping?.();
  }

  /** Closes the store; a second call (the app and the runner both close it) waits for the first. */
  close(): Promise<void> {
    this.#closed ??= this.store.close();
    return this.#closed;
  }

  async #attempt<T>(operation: () => Promise<T>): Promise<T | undefined> {
    if (Date.now() < this.#unavailableUntil) return undefined;
    try {
      return await operation();
    } catch (error) {
      this.#unavailableUntil = Date.now() + this.retryAfterMs;
      this.warn(error as Error);
      return undefined;
    }
  }

  #remember(keys: string[], generations: string[]): void {
    for (const key of keys) this.#pendingKeys.add(key);
    for (const name of generations) this.#pendingGenerations.add(name);
    if (this.#pendingKeys.size + this.#pendingGenerations.size > MAX_PENDING_INVALIDATIONS) {
      this.#pendingOverflow = true;
      this.#pendingKeys.clear();
      this.#pendingGenerations.clear();
    }
  }

  /** True when no invalidation is outstanding (applying those that are, if the store answers). */
  #settled(): Promise<boolean> {
    if (!this.#pendingOverflow && this.#pendingKeys.size === 0 && this.#pendingGenerations.size === 0) {
      return Promise.resolve(true);
    }
    this.#settling ??= this.#applyPending().finally(() => {
      this.#settling = undefined;
    });
    return this.#settling;
  }

  async #applyPending(): Promise<boolean> {
    const overflow = this.#pendingOverflow;
    const keys = [...this.#pendingKeys];
    const generations = [...this.#pendingGenerations];
    const applied = await this.#attempt(async () => {
      if (overflow) await this.store.deletePrefix(`${this.namespace}:`);
      else {
        if (keys.length > 0) await this.store.delete(keys);
        for (const name of generations) {
          await this.store.set(this.#key(`gen:${name}`), randomUUID(), GENERATION_TTL_SECONDS);
        }
      }
      return true;
    });
    if (!applied) return false;
    // Invalidations recorded while these were applied stay for the next round.
    if (overflow) this.#pendingOverflow = false;
    for (const key of keys) this.#pendingKeys.delete(key);
    for (const name of generations) this.#pendingGenerations.delete(name);
    this.logger.info(
      { cache: this.store.kind, keys: keys.length, generations: generations.length, cleared: overflow },
      "cache reachable again; invalidations missed during the outage applied",
    );
    // Anything recorded meanwhile is applied by the next call; until then, read from the database.
    return !this.#pendingOverflow && this.#pendingKeys.size === 0 && this.#pendingGenerations.size === 0;
  }

  warn(error: Error): void {
    const now = Date.now();
    if (now - this.#lastWarning < 10_000) return;
    this.#lastWarning = now;
    this.logger.warn({ err: error, cache: this.store.kind }, "cache unavailable, reading from the database");
  }
}
