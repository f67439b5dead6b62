import { randomUUID } from "node:crypto";
import pino from "pino";
import { createClient } from "redis";
import { afterAll, describe, expect, it } from "vitest";
import { type Cache, ConfigError, cacheModeFromEnv, createCache } from "../src/index.ts";
import { deferred } from "./support/deferred.ts";
import { tcpProxy } from "./support/tcp-proxy.ts";
import { waitFor } from "./support/wait-for.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const silent = pino({ level: "silent" });
// These tests count loader calls: on a busy CI host a Redis answer slower than the production
// timeout would count as a failure and load again, so they allow generous limits.
const patient = { commandTimeoutMs: 10_000, connectWaitMs: 10_000 } as const;

function loaderCounting<T>(value: () => T) {
  const loader = async () => {
    loader.calls++;
    return value();
  };
  loader.calls = 0;
  return loader;
}

const caches: Cache[] = [];
afterAll(async () => {
  for (const c of caches) await c.close();
});

describe.each([
  ["memory", () => createCache({ namespace: `t-${randomUUID()}`, mode: "memory", logger: silent })],
  [
    "redis",
    () =>
      createCache({
        namespace: `t-${randomUUID()}`,
        mode: "redis",
        redisUrl: REDIS_URL,
        logger: silent,
        ...patient,
      }),
  ],
])("cache-aside on %s", (_kind, make) => {
  it("loads once, then serves from the cache until the key is deleted", async () => {
    const cache = await make();
    caches.push(cache);
    let current = { name: "first" };
    const load = loaderCounting(() => current);
    expect(await cache.getOrLoad("product:1", load)).toEqual({ name: "first" });
    expect(await cache.getOrLoad("product:1", load)).toEqual({ name: "first" });
    expect(load.calls).toBe(1);

    current = { name: "second" };
    await cache.delete("product:1");
    expect(await cache.getOrLoad("product:1", load)).toEqual({ name: "second" });
    expect(load.calls).toBe(2);
  });

  it("does not cache a miss, so a later create is seen", async () => {
    const cache = await make();
    caches.push(cache);
    let current: { id: number } | undefined;
    const load = loaderCounting(() => current);
    expect(await cache.getOrLoad("p:2", load)).toBeUndefined();
    current = { id: 2 };
    expect(await cache.getOrLoad("p:2", load)).toEqual({ id: 2 });
  });

  it("bumping a generation retires every key built with the old one", async () => {
    const cache = await make();
    caches.push(cache);
    const g0 = await cache.generation("lists");
    await cache.getOrLoad(`list:${g0}:page1`, async () => ["a"]);
    await cache.bump("lists");
    const g1 = await cache.generation("lists");
    expect(g1).not.toBe(g0);
    expect(await cache.getOrLoad(`list:${g1}:page1`, async () => ["a", "b"])).toEqual(["a", "b"]);
  });

  it("never puts back a value loaded before a write that invalidated it meanwhile", async () => {
    const cache = await make();
    caches.push(cache);
    let row = { price: "10.00" };
    const loading = deferred();
    const release = deferred();
    const reader = cache.getOrLoad("race", async () => {
      const seen = { ...row };
      loading.resolve();
      await release.promise;
      return seen;
    });
    await loading.promise;
    // The writer commits and invalidates while the reader still holds what it read before.
    row = { price: "12.00" };
    await cache.delete("race");
    release.resolve();
    expect(await reader).toEqual({ price: "10.00" });
    expect(await cache.getOrLoad("race", async () => ({ ...row }))).toEqual({ price: "12.00" });
  });

  it("serves other readers from their own load while a key is being filled", async () => {
    const cache = await make();
    caches.push(cache);
    const release = deferred();
    const first = cache.getOrLoad("busy", async () => {
      await release.promise;
      return { from: "first" };
    });
    expect(await cache.getOrLoad("busy", async () => ({ from: "second" }))).toEqual({ from: "second" });
    release.resolve();
    expect(await first).toEqual({ from: "first" });
    const load = loaderCounting(() => ({ from: "third" }));
    expect(await cache.getOrLoad("busy", load)).toEqual({ from: "first" });
    expect(load.calls).toBe(0);
  });

  it("a loader that throws leaves the key free for the next reader to cache", async () => {
    const cache = await make();
    caches.push(cache);
    await expect(
      cache.getOrLoad("flaky", async () => {
        throw new Error("database down");
      }),
    ).rejects.toThrow("database down");
    const load = loaderCounting(() => ({ ok: true }));
    await cache.getOrLoad("flaky", load);
    await cache.getOrLoad("flaky", load);
    expect(load.calls).toBe(1);
  });

  it("expires entries after their time to live", async () => {
    const cache = await make();
    caches.push(cache);
    let n = 0;
    await cache.getOrLoad("ttl", async () => ++n, 1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await cache.getOrLoad("ttl", async () => ++n, 1)).toBe(2);
  });
});

describe("a Redis outage", () => {
  /** A cache reaching Redis through a proxy we can cut, and a client of its own straight to Redis. */
  async function cacheBehindProxy() {
    const link = await tcpProxy(REDIS_URL);
    const namespace = `t-${randomUUID()}`;
    const cache = await createCache({
      namespace,
      mode: "redis",
      redisUrl: link.url,
      logger: silent,
      ...patient,
    });
    caches.push(cache);
    const direct = createClient({ url: REDIS_URL });
    await direct.connect();
    return { link, namespace, cache, direct };
  }

  it("applies the invalidations it missed as soon as Redis answers again, and never serves what they retired", async () => {
    const { link, namespace, cache, direct } = await cacheBehindProxy();
    try {
      let row = { price: "10.00" };
      const read = () => cache.getOrLoad("product", async () => ({ ...row }));
      expect(await read()).toEqual({ price: "10.00" });
      const listGeneration = await cache.generation("lists");

      await link.cut();
      // The write commits while Redis is unreachable: its invalidations fail.
      row = { price: "12.00" };
      await cache.delete("product");
      await cache.bump("lists");
      expect(cache.pendingInvalidations).toBe(2);
      expect(await read()).toEqual({ price: "12.00" });
      // Redis itself still holds the old value, which must never be served again.
      expect(await direct.get(`${namespace}:product`)).toBe(JSON.stringify({ price: "10.00" }));

      await link.restore();
      await waitFor(async () => {
        expect(await read()).toEqual({ price: "12.00" });
        return cache.pendingInvalidations === 0;
      }, "the missed invalidations to be applied");
      expect(await direct.get(`${namespace}:product`)).not.toBe(JSON.stringify({ price: "10.00" }));
      expect(await cache.generation("lists")).not.toBe(listGeneration);
      expect(await read()).toEqual({ price: "12.00" });
    } finally {
      await direct.close();
    }
  });

  it("after an outage with more invalidations than it can remember, clears its whole namespace", async () => {
    const { link, namespace, cache, direct } = await cacheBehindProxy();
    try {
      for (const id of ["a", "b", "c"]) await cache.getOrLoad(id, async () => ({ id }));
      await direct.set(`other-${namespace}:kept`, "1");
      await link.cut();
      for (let i = 0; i <= 10_000; i++) await cache.delete(`gone-${i}`);
      expect(cache.pendingInvalidations).toBe(Number.POSITIVE_INFINITY);
      await link.restore();
      await waitFor(async () => {
        await cache.getOrLoad("a", async () => ({ id: "a" }));
        return cache.pendingInvalidations === 0;
      }, "the namespace to be cleared");
      expect(await direct.get(`${namespace}:b`)).toBeNull();
      expect(await direct.get(`${namespace}:c`)).toBeNull();
      expect(await direct.get(`other-${namespace}:kept`)).toBe("1");
    } finally {
      await direct.del(`other-${namespace}:kept`);
      await direct.close();
    }
  });

  it("degrades to the loader with a warning, never to an error", async () => {
    const link = await tcpProxy(REDIS_URL);
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (l: string) => lines.push(l) });
    const cache = await createCache({
      namespace: `t-${randomUUID()}`,
      mode: "redis",
      redisUrl: link.url,
      logger,
      ...patient,
    });
    caches.push(cache);
    const load = loaderCounting(() => ({ ok: true }));
    await cache.getOrLoad("k", load);
    await cache.getOrLoad("k", load);
    expect(load.calls).toBe(1);

    await link.cut();
    expect(await cache.getOrLoad("k", load)).toEqual({ ok: true });
    expect(await cache.getOrLoad("k", load)).toEqual({ ok: true });
    await cache.delete("k");
    await cache.bump("x");
    expect(load.calls).toBe(3);
    expect(lines.some((l) => l.includes("cache unavailable"))).toBe(true);
  });

  it("starts even when Redis is not there at all", async () => {
    const cache = await createCache({
      namespace: "t",
      mode: "redis",
      redisUrl: "redis://127.0.0.1:1",
      logger: silent,
    });
    caches.push(cache);
    expect(await cache.getOrLoad("k", async () => 42)).toBe(42);
  });
});

describe("cacheModeFromEnv", () => {
  it("means the same in every service, and refuses what would serve stale values", () => {
    expect(cacheModeFromEnv({ CACHE_MODE: "auto" })).toBe("memory");
    expect(cacheModeFromEnv({ CACHE_MODE: "redis", REDIS_URL: "redis://cache:6379" })).toBe("redis");
    expect(() => cacheModeFromEnv({ CACHE_MODE: "redis" })).toThrow(/CACHE_MODE=redis needs REDIS_URL/);
    expect(cacheModeFromEnv({ CACHE_MODE: "memory", SERVICE_ROLE: "all" })).toBe("memory");
    // Customer's CACHE_MODE=memory used to bypass the read/write guard.
    for (const role of ["read", "write"]) {
      expect(() => cacheModeFromEnv({ CACHE_MODE: "memory", SERVICE_ROLE: role })).toThrow(ConfigError);
    }
    expect(() => cacheModeFromEnv({ NODE_ENV: "production" })).toThrow(/no REDIS_URL in production/);
    expect(cacheModeFromEnv({ NODE_ENV: "production", CACHE_MODE: "memory" })).toBe("memory");
    expect(cacheModeFromEnv({ NODE_ENV: "production", CACHE_MODE: "off" })).toBe("off");
    expect(cacheModeFromEnv({ NODE_ENV: "production", SERVICE_ROLE: "read" })).toBe("off");
    expect(cacheModeFromEnv({ NODE_ENV: "production", REDIS_URL: "redis://cache:6379" })).toBe("redis");
  });

  it("takes Redis when REDIS_URL is set, an in-process cache otherwise, nothing when CACHE_MODE=off", () => {
    expect(cacheModeFromEnv({ REDIS_URL: "redis://cache:6379" })).toBe("redis");
    expect(cacheModeFromEnv({})).toBe("memory");
    expect(cacheModeFromEnv({ REDIS_URL: "redis://cache:6379", CACHE_MODE: "off" })).toBe("off");
  });

  it("gives a read-only or write-only instance no in-process cache (another process's writes would not reach it)", () => {
    expect(cacheModeFromEnv({ SERVICE_ROLE: "read" })).toBe("off");
    expect(cacheModeFromEnv({ SERVICE_ROLE: "write" })).toBe("off");
    expect(cacheModeFromEnv({ SERVICE_ROLE: "all" })).toBe("memory");
    expect(cacheModeFromEnv({ SERVICE_ROLE: "read", REDIS_URL: "redis://cache:6379" })).toBe("redis");
  });
});
