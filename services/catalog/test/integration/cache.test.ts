import { randomUUID } from "node:crypto";
import { createCache } from "@ecommerce/service-kit";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogApi, eur, jsonOf, newUuid, type PageJson, type ProductJson } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import { ORDERING_SUBSCRIPTION, orderCancelled, orderConfirmed } from "../support/events.ts";

/** Changes the read model behind the cache's back, so a test can tell a cached answer from a fresh one. */
async function renameBehindTheCache(t: CatalogTestApp, productId: string, name: string) {
  await t.db.$executeRawUnsafe(
    "UPDATE product_view SET document = jsonb_set(document, '{name}', to_jsonb($2::text)) WHERE id = $1::uuid",
    productId,
    name,
  );
}

describe.each(["redis", "memory"] as const)("the %s cache", (cacheMode) => {
  let t: CatalogTestApp;
  let api: ReturnType<typeof catalogApi>;
  let categoryId: string;
  beforeAll(async () => {
    t = await createCatalogTestApp({ cacheMode });
    api = catalogApi(t);
    categoryId = (await api.category()).id;
  });
  afterAll(() => t.close());

  it(`is really the ${cacheMode} cache, and serves product reads from it`, async () => {
    expect(t.cache.kind).toBe(cacheMode);
    const product = await api.product({ categoryId, name: "Original" });
    expect(jsonOf<ProductJson>(await api.getProduct(product.id)).name).toBe("Original");
    await renameBehindTheCache(t, product.id, "Changed behind the cache");
    // the cached entry answers, not the database
    expect(jsonOf<ProductJson>(await api.getProduct(product.id)).name).toBe("Original");
    const cached = await t.cache.getOrLoad(`product:${product.id}`, async () => {
      throw new Error("not cached");
    });
    expect(cached).toMatchObject({ product: { id: product.id, name: "Original" } });
    // a write through the app invalidates it: the next read loads the row as it now is
    jsonOf(await api.changePrice(product.id, { price: eur("11.00") }));
    const fresh = jsonOf<ProductJson>(await api.getProduct(product.id));
    expect(fresh.price.amount).toBe("11.00");
    expect(fresh.name).toBe("Original"); // the price change rewrote the document from the write side
  });

  it("a read after a write never returns the stale value (product, stock, list page)", async () => {
    const product = await api.product({ categoryId, initialStock: 100 });
    const list = { categoryId, limit: 50 };
    const inList = async () =>
      jsonOf<PageJson<ProductJson>>(await api.listProducts(list)).items.find((p) => p.id === product.id);
    for (let i = 1; i <= 15; i++) {
      // warm every cached view of the product
      await api.getProduct(product.id);
      await api.getStock(product.id);
      await inList();
      const price = `${20 + i}.00`;
      jsonOf(await api.changePrice(product.id, { price: eur(price) }));
      expect(jsonOf<ProductJson>(await api.getProduct(product.id)).price.amount).toBe(price);
      expect((await inList())?.price.amount).toBe(price);

      jsonOf(await api.adjustStock(product.id, { delta: -1, reason: `sold at the counter ${i}` }));
      expect(jsonOf<ProductJson>(await api.getProduct(product.id)).available).toBe(100 - i);
      expect((await api.stock(product.id)).onHand).toBe(100 - i);
      expect((await inList())?.available).toBe(100 - i);
    }
  });

  it("stock changed by events (reserve, release) is never read stale either", async () => {
    const product = await api.product({ categoryId, initialStock: 10 });
    for (let i = 0; i < 5; i++) {
      await api.getProduct(product.id);
      await api.getStock(product.id);
      const orderId = newUuid();
      await t.handleEvent(
        ORDERING_SUBSCRIPTION,
        orderConfirmed(orderId, [{ productId: product.id, quantity: 4 }]),
      );
      expect(jsonOf<ProductJson>(await api.getProduct(product.id)).available).toBe(6);
      expect(await api.stock(product.id)).toEqual({ onHand: 10, reserved: 4, available: 6 });
      await t.handleEvent(ORDERING_SUBSCRIPTION, orderCancelled(orderId));
      expect(jsonOf<ProductJson>(await api.getProduct(product.id)).available).toBe(10);
    }
  });

  it("a new product appears at once in a cached list page, a discontinued one leaves it", async () => {
    const own = (await api.category()).id;
    const first = await api.product({ categoryId: own, name: "A first" });
    const ids = async () =>
      jsonOf<PageJson<ProductJson>>(await api.listProducts({ categoryId: own })).items.map((p) => p.id);
    expect(await ids()).toEqual([first.id]);
    const second = await api.product({ categoryId: own, name: "B second" });
    expect(await ids()).toEqual([first.id, second.id]);
    jsonOf(await api.discontinue(first.id));
    expect(await ids()).toEqual([second.id]);
  });

  it("a 404 is not cached: it stays a 404, and does not hide a later answer", async () => {
    const id = newUuid();
    expect((await api.getProduct(id)).statusCode).toBe(404);
    expect((await api.getProduct(id)).statusCode).toBe(404);
  });
});

describe("with the cache off", () => {
  let t: CatalogTestApp;
  let api: ReturnType<typeof catalogApi>;
  beforeAll(async () => {
    t = await createCatalogTestApp({ cacheMode: "off" });
    api = catalogApi(t);
  });
  afterAll(() => t.close());

  it("every read goes to the read model", async () => {
    const product = await api.product({ name: "Original" });
    await api.getProduct(product.id);
    await renameBehindTheCache(t, product.id, "Fresh");
    expect(jsonOf<ProductJson>(await api.getProduct(product.id)).name).toBe("Fresh");
  });
});

describe("when Redis is unreachable", () => {
  let t: CatalogTestApp;
  let api: ReturnType<typeof catalogApi>;
  beforeAll(async () => {
    const logger = pino({ level: "silent" });
    // nothing listens on port 1: every cache call fails at once
    const cache = await createCache({
      namespace: `catalog-test-${randomUUID()}`,
      mode: "redis",
      redisUrl: "redis://127.0.0.1:1",
      logger,
    });
    t = await createCatalogTestApp({ cache });
    api = catalogApi(t);
  });
  afterAll(() => t.close());

  it("reads and writes still work, from the database", async () => {
    const product = await api.product({ initialStock: 3 });
    expect(jsonOf<ProductJson>(await api.getProduct(product.id)).available).toBe(3);
    jsonOf(await api.adjustStock(product.id, { delta: 2, reason: "delivery" }));
    expect(jsonOf<ProductJson>(await api.getProduct(product.id)).available).toBe(5);
    const page = jsonOf<PageJson<ProductJson>>(await api.listProducts({ categoryId: product.category.id }));
    expect(page.items.map((p) => p.id)).toEqual([product.id]);
  });
});
