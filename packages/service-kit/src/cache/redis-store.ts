import type { TokenCredential } from "@azure/identity";
import { createClient, type RedisClientOptions } from "redis";
import { type CacheStore, isLease, leaseMarker } from "./cache-store.ts";
import { redisClientOptions } from "./redis-client-options.ts";

// Compare-and-set: Redis 7 has no SET IFEQ, so the lease check and the write run as one script.
const FILL_IF_LEASED = `if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == "" then redis.call("DEL", KEYS[1]) else redis.call("SET", KEYS[1], ARGV[2], "EX", ARGV[3]) end
return 1`;

export interface RedisStoreOptions {
  url: string;
  /** REDIS_AUTH=entra: authenticate with Entra tokens (see redisClientOptions). */
  credential?: TokenCredential | undefined;
  /** A command slower than this counts as a failure; the caller falls back to the database. */
  commandTimeoutMs?: number;
  onError: (error: Error) => void;
}

/**
 * Redis through the `redis` client. While Redis is unreachable commands fail at once (no offline
 * queue) and the client keeps reconnecting in the background, so an outage costs cache hits, not
 * requests.
 */
export class RedisStore implements CacheStore {
  readonly kind = "redis" as const;
  readonly #client;
  readonly #timeoutMs: number;

  private constructor(options: RedisStoreOptions, clientOptions: RedisClientOptions) {
    this.#timeoutMs = options.commandTimeoutMs ?? 250;
    this.#client = createClient(clientOptions);
    this.#client.on("error", options.onError);
  }

  /**
   * Waits up to `waitMs` for the first connection, then goes on without it: a service starts (and
   * serves from the database) with Redis down, and the client keeps reconnecting.
   */
  static async open(options: RedisStoreOptions, waitMs = 2_000): Promise<RedisStore> {
    const store = new RedisStore(options, await redisClientOptions(options));
    const connected = store.#client.connect().then(
      () => undefined,
      (error: Error) => options.onError(error),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([connected, new Promise((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    return store;
  }

  #timed<T>(work: Promise<T>, limitMs = this.#timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${limitMs} ms`)), limitMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  async get(key: string) {
    const value = await this.#timed(this.#client.get(key));
    return value == null || isLease(value) ? undefined : value;
  }

  async claim(key: string, token: string, leaseSeconds: number) {
    const reply = await this.#timed(
      this.#client.set(key, leaseMarker(token), {
        condition: "NX",
        expiration: { type: "EX", value: leaseSeconds },
      }),
    );
    return reply === "OK";
  }

  async fill(key: string, token: string, value: string | undefined, ttlSeconds: number) {
    await this.#timed(
      this.#client.eval(FILL_IF_LEASED, {
        keys: [key],
        arguments: [leaseMarker(token), value ?? "", String(ttlSeconds)],
      }),
    );
  }

  async set(key: string, value: string, ttlSeconds: number) {
    await this.#timed(this.#client.set(key, value, { expiration: { type: "EX", value: ttlSeconds } }));
  }

  async delete(keys: string[]) {
    if (keys.length > 0) await this.#timed(this.#client.del(keys));
  }

  async deletePrefix(prefix: string) {
    // SCAN, not KEYS: it does not block Redis for other clients while it walks the keyspace.
    const sweep = async () => {
      for await (const keys of this.#client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
        if (keys.length > 0) await this.#client.unlink(keys);
      }
    };
    await this.#timed(sweep(), this.#timeoutMs * 40);
  }

  async ping() {
    await this.#timed(this.#client.ping(), 1_000);
  }

  async close() {
    if (this.#client.isOpen) await this.#client.close();
  }
}
