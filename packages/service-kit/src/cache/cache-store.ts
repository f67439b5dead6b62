/** Where cached values live: Redis in production, an in-process LRU otherwise. Values are JSON text. */
export interface CacheStore {
  readonly kind: "redis" | "memory" | "off";
  /** The value, or undefined on a miss (a key held by a lease is a miss). */
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /**
   * Takes a lease on a missing key before its value is loaded: true when this caller may fill it.
   * A delete in between removes the lease, so a value loaded before a write is never put back.
   */
  claim(key: string, token: string, leaseSeconds: number): Promise<boolean>;
  /** Stores the value only while the caller's lease still holds; undefined gives the lease up. */
  fill(key: string, token: string, value: string | undefined, ttlSeconds: number): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Deletes every key starting with `prefix` (after an outage too long to remember its deletes). */
  deletePrefix(prefix: string): Promise<void>;
  close(): Promise<void>;
  /** Throws unless a remote store answers now (for readiness); absent on in-process stores. */
  ping?(): Promise<void>;
}

/** What a lease looks like in the store: no JSON text starts with "~", so it is never a value. */
export const leaseMarker = (token: string) => `~lease:${token}`;
export const isLease = (stored: string) => stored.startsWith("~lease:");
