/** Where cached values live: Redis in production, an in-process LRU otherwise. Values are JSON text. */
export interface CacheStore {
  readonly kind: "redis" | "memory" | "off";
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(keys: string[]): Promise<void>;
  close(): Promise<void>;
}
