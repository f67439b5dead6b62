import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  catalogApi,
  countRows,
  eur,
  expectNoWrite,
  expectProblem,
  jsonOf,
  newUuid,
  type ProductJson,
  type StockJson,
  uniqueSku,
} from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let categoryId: string;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  categoryId = (await api.category()).id;
});
afterAll(() => t.close());

const key = () => `key-${newUuid()}`;

describe("Idempotency-Key on POST commands", () => {
  it("a repeated product creation replays the first response; one product, one event", async () => {
    const k = key();
    const body = { sku: uniqueSku(), name: "Once", price: eur("3.00"), categoryId, initialStock: 2 };
    const [products, outbox] = [await countRows(t.db, "products"), await countRows(t.db, "messaging_outbox")];
    const first = await api.createProduct(body, { "idempotency-key": k });
    const created = jsonOf<ProductJson>(first, 201);
    const again = await api.createProduct({ ...body }, { "idempotency-key": k });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(created);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(await countRows(t.db, "products")).toBe(products + 1);
    expect(await countRows(t.db, "messaging_outbox")).toBe(outbox + 1);
  });

  it("a repeated stock adjustment is applied once", async () => {
    const product = await api.product({ categoryId, initialStock: 10 });
    const k = key();
    const first = jsonOf<StockJson>(
      await api.adjustStock(product.id, { delta: 5, reason: "delivery" }, { "idempotency-key": k }),
    );
    const again = await api.adjustStock(
      product.id,
      { delta: 5, reason: "delivery" },
      { "idempotency-key": k },
    );
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first);
    expect(await api.stock(product.id)).toEqual({ onHand: 15, reserved: 0, available: 15 });
  });

  it("the same key with a different body → 422 idempotency_key_reused, nothing written", async () => {
    const product = await api.product({ categoryId, initialStock: 10 });
    const k = key();
    jsonOf(await api.adjustStock(product.id, { delta: 5, reason: "delivery" }, { "idempotency-key": k }));
    const res = await expectNoWrite(t.db, () =>
      api.adjustStock(product.id, { delta: 50, reason: "delivery" }, { "idempotency-key": k }),
    );
    expectProblem(res, 422, "idempotency_key_reused");
  });

  it("the same key on another route → 422, nothing written", async () => {
    const k = key();
    const product = jsonOf<ProductJson>(
      await api.createProduct(
        { sku: uniqueSku(), name: "A", price: eur("1.00"), categoryId },
        { "idempotency-key": k },
      ),
      201,
    );
    expectProblem(
      await expectNoWrite(t.db, () => api.discontinue(product.id, { "idempotency-key": k })),
      422,
      "idempotency_key_reused",
    );
  });

  it("a refused command is replayed as refused", async () => {
    const sku = uniqueSku();
    await api.product({ categoryId, sku });
    const k = key();
    const body = { sku, name: "Dup", price: eur("1.00"), categoryId };
    expectProblem(await api.createProduct(body, { "idempotency-key": k }), 409, "product.sku_taken");
    const again = await api.createProduct(body, { "idempotency-key": k });
    expectProblem(again, 409, "product.sku_taken");
    expect(again.headers["idempotent-replayed"]).toBe("true");
  });
});
