import { ProductCreated } from "@ecommerce/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CategoryJson,
  catalogApi,
  countRows,
  eur,
  eventsOf,
  expectConsistent,
  expectNoWrite,
  expectProblem,
  jsonOf,
  newUuid,
  type ProductJson,
  uniqueSku,
} from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let phones: CategoryJson;
let root: CategoryJson;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  root = await api.category("Electronics");
  phones = await api.category("Phones", root.id);
});
afterAll(() => t.close());

describe("POST /products", () => {
  it("creates an Active product with its stock: 201, Location, ETag, the category path, available", async () => {
    const sku = uniqueSku("PHN");
    const res = await api.createProduct({
      sku,
      name: "Phone X",
      description: "Five inches.\nTwo colours.",
      price: eur("199.90"),
      categoryId: phones.id,
      initialStock: 25,
      lowStockThreshold: 5,
      attributes: { colour: "black", "screen size": "5in" },
    });
    const product = jsonOf<ProductJson>(res, 201);
    expect(res.headers.location).toBe(`/products/${product.id}`);
    expect(res.headers.etag).toBe('"1.1"');
    expect(product).toEqual({
      id: expect.any(String),
      sku,
      name: "Phone X",
      description: "Five inches.\nTwo colours.",
      price: { amount: "199.90", currency: "EUR" },
      status: "Active",
      category: {
        id: phones.id,
        name: "Phones",
        path: [
          { id: root.id, name: "Electronics" },
          { id: phones.id, name: "Phones" },
        ],
      },
      attributes: { colour: "black", "screen size": "5in" },
      available: 25,
      lowStockThreshold: 5,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await expectConsistent(t, product.id)).toEqual(product);
    expect(await api.stock(product.id)).toEqual({ onHand: 25, reserved: 0, available: 25 });
  });

  it("defaults: no stock, threshold 0, empty description and attributes; the price gets its minor digits", async () => {
    const product = jsonOf<ProductJson>(
      await api.createProduct({ sku: uniqueSku(), name: "Cable", price: eur("5"), categoryId: phones.id }),
      201,
    );
    expect(product).toMatchObject({ description: "", attributes: {}, available: 0, lowStockThreshold: 0 });
    expect(product.price).toEqual({ amount: "5.00", currency: "EUR" });
    expect(await api.stock(product.id)).toEqual({ onHand: 0, reserved: 0, available: 0 });
  });

  it("prices in a currency without minor units keep none (JPY)", async () => {
    const product = await api.product({ categoryId: phones.id, price: { amount: "1500", currency: "JPY" } });
    expect(product.price).toEqual({ amount: "1500", currency: "JPY" });
  });

  it("records ProductCreated in the outbox, valid against the contract, with the request's correlation id", async () => {
    const sku = uniqueSku();
    let product: ProductJson | undefined;
    const events = await eventsOf(t.db, async () => {
      const res = await api.createProduct(
        { sku, name: "Watch", price: eur("49.00"), categoryId: phones.id, initialStock: 3 },
        { "x-correlation-id": "corr-create-1" },
      );
      product = jsonOf<ProductJson>(res, 201);
    });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.type).toBe(ProductCreated.type);
    expect(event).toMatchObject({
      source: "/catalog",
      subject: product?.id,
      correlationid: "corr-create-1",
      data: { productId: product?.id, sku, name: "Watch", price: { amount: "49.00", currency: "EUR" } },
    });
  });

  it("records the initial stock as the first movement of the inventory's audit trail", async () => {
    const product = await api.product({ categoryId: phones.id, initialStock: 7 });
    const movements = await t.db.$queryRawUnsafe<{ kind: string; on_hand_delta: number; reason: string }[]>(
      "SELECT kind, on_hand_delta, reason FROM stock_movements WHERE product_id = $1::uuid",
      product.id,
    );
    expect(movements).toEqual([{ kind: "initial", on_hand_delta: 7, reason: "initial stock" }]);
  });

  describe("duplicate SKU → 409 product.sku_taken, nothing written", () => {
    it("the same SKU, and the same SKU in another case", async () => {
      const sku = uniqueSku("dup");
      await api.product({ categoryId: phones.id, sku });
      for (const again of [sku, sku.toLowerCase()]) {
        const res = await expectNoWrite(t.db, () =>
          api.createProduct({ sku: again, name: "Copy", price: eur("1.00"), categoryId: phones.id }),
        );
        expect(expectProblem(res, 409, "product.sku_taken").detail).toContain(again);
      }
    });

    it("parallel creations of one SKU: exactly one wins, the others get 409", async () => {
      const sku = uniqueSku("race");
      const before = await countRows(t.db, "products");
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          api.createProduct({ sku, name: "Racer", price: eur("1.00"), categoryId: phones.id }),
        ),
      );
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      for (const r of responses.filter((r) => r.statusCode === 409))
        expectProblem(r, 409, "product.sku_taken");
      expect(await countRows(t.db, "products")).toBe(before + 1);
    });

    it("the database refuses a duplicate SKU by itself (unique index, any case)", async () => {
      const product = await api.product({ categoryId: phones.id });
      await expect(
        t.db.$executeRawUnsafe(
          `INSERT INTO products (id, sku, name, price_amount, currency, category_id, status, version, created_at, updated_at)
           VALUES ($1::uuid, lower($2), 'x', 1, 'EUR', $3::uuid, 'Active', 1, now(), now())`,
          newUuid(),
          product.sku,
          phones.id,
        ),
      ).rejects.toThrow(/products_sku_key|unique/i);
    });
  });

  it("an unknown category → 422 product.unknown_category, nothing written", async () => {
    const categoryId = newUuid();
    const res = await expectNoWrite(t.db, () =>
      api.createProduct({ sku: uniqueSku(), name: "Lost", price: eur("1.00"), categoryId }),
    );
    expect(expectProblem(res, 422, "product.unknown_category").detail).toContain(categoryId);
  });

  it.each([
    ["a zero price", eur("0.00"), "product.invalid_price"],
    ["more decimals than the currency has", eur("1.001"), "money.too_precise"],
    ["decimals on a currency without minor units", { amount: "1.5", currency: "JPY" }, "money.too_precise"],
    ["an unknown currency", { amount: "1.00", currency: "XYZ" }, "money.unknown_currency"],
  ])("%s → 422 %s, nothing written", async (_what, price, code) => {
    const res = await expectNoWrite(t.db, () =>
      api.createProduct({ sku: uniqueSku(), name: "Priced", price, categoryId: phones.id }),
    );
    expectProblem(res, 422, code);
  });

  it("a blank name → 422 product.invalid_name, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      api.createProduct({ sku: uniqueSku(), name: "   ", price: eur("1.00"), categoryId: phones.id }),
    );
    expectProblem(res, 422, "product.invalid_name");
  });

  it.each([
    ["a script", "<script>alert('x')</script>"],
    ["SQL", "'; DROP TABLE products; --"],
    ["quotes and backslashes", `"\\"'\\\\`],
    ["unicode", "Ünïcödé ☃ 𝄞 日本"],
  ])("stores %s verbatim and returns it as a JSON string", async (_what, text) => {
    const product = await api.product({
      categoryId: phones.id,
      name: text,
      description: `${text}\n${text}`,
      attributes: { note: text },
    });
    const res = await api.getProduct(product.id);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const got = res.json<ProductJson>();
    expect(got.name).toBe(text);
    expect(got.description).toBe(`${text}\n${text}`);
    expect(got.attributes.note).toBe(text);
    const [row] = await t.db.$queryRawUnsafe<{ name: string }[]>(
      "SELECT name FROM products WHERE id = $1::uuid",
      product.id,
    );
    expect(row?.name).toBe(text);
    // the tables are all still there
    expect(await countRows(t.db, "products")).toBeGreaterThan(0);
  });
});
