import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetCategory } from "../../src/application/queries/get-category.ts";
import { GetProduct } from "../../src/application/queries/get-product.ts";
import { GetStockLevel } from "../../src/application/queries/get-stock-level.ts";
import { ListCategories } from "../../src/application/queries/list-categories.ts";
import { ListProducts } from "../../src/application/queries/list-products.ts";
import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, MAX_SEARCH_LENGTH } from "../../src/application/queries/paging.ts";
import type { ProductListFilter } from "../../src/application/queries/product-dto.ts";
import { catalogApi, type ProductJson } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import { expectRefused } from "../support/refused.ts";

// Queries are checked as commands are: a malformed id never reaches the database (where it would be
// an error, not an answer) and no caller can ask for a page larger than the API allows.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let categoryId: string;
let product: ProductJson;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  categoryId = (await api.category()).id;
  product = await api.product({ categoryId, name: "Searchable phone" });
});
afterAll(() => t.close());

const refused = (message: Parameters<typeof expectRefused>[1], fields: string[]) =>
  expectRefused(t, message, fields);

describe("GetProduct, GetStockLevel, GetCategory", () => {
  it("GetProduct refuses a product id that is not a uuid", async () => {
    await refused(new GetProduct("product-1"), ["productId"]);
    expect((await t.mediator.ask(new GetProduct(product.id))).product.id).toBe(product.id);
  });

  it("GetStockLevel refuses a product id that is not a uuid", async () => {
    await refused(new GetStockLevel("product-1"), ["productId"]);
    expect((await t.mediator.ask(new GetStockLevel(product.id))).stock.onHand).toBe(10);
  });

  it("GetCategory refuses a category id that is not a uuid", async () => {
    await refused(new GetCategory("phones"), ["categoryId"]);
    expect((await t.mediator.ask(new GetCategory(categoryId))).id).toBe(categoryId);
  });
});

describe("ListCategories", () => {
  it("refuses a page size out of bounds, a parent that is not a uuid, an oversize cursor", async () => {
    await refused(new ListCategories(undefined, undefined, 0), ["limit"]);
    await refused(new ListCategories(undefined, undefined, MAX_PAGE_SIZE + 1), ["limit"]);
    await refused(new ListCategories(undefined, undefined, 2.5), ["limit"]);
    await refused(new ListCategories("phones", undefined, 10), ["parentId"]);
    await refused(new ListCategories(undefined, "x".repeat(MAX_CURSOR_LENGTH + 1), 10), ["cursor"]);
    const roots = await t.mediator.ask(new ListCategories(undefined, undefined, MAX_PAGE_SIZE));
    expect(roots.items.map((c) => c.id)).toContain(categoryId);
  });
});

describe("ListProducts", () => {
  const filter = (fields: Partial<ProductListFilter> = {}): ProductListFilter => ({
    categoryId,
    includeDiscontinued: false,
    limit: 10,
    ...fields,
  });

  it("refuses a page size out of bounds, an empty or oversize text, a category that is not a uuid", async () => {
    await refused(new ListProducts(filter({ limit: 0 })), ["filter.limit"]);
    await refused(new ListProducts(filter({ limit: MAX_PAGE_SIZE + 1 })), ["filter.limit"]);
    await refused(new ListProducts(filter({ q: "" })), ["filter.q"]);
    await refused(new ListProducts(filter({ q: "x".repeat(MAX_SEARCH_LENGTH + 1) })), ["filter.q"]);
    await refused(new ListProducts(filter({ categoryId: "phones" })), ["filter.categoryId"]);
    await refused(new ListProducts(filter({ cursor: "x".repeat(MAX_CURSOR_LENGTH + 1) })), ["filter.cursor"]);
    await refused(new ListProducts({ categoryId, limit: 10 } as ProductListFilter), ["filter"]);
    const page = await t.mediator.ask(new ListProducts(filter({ q: "searchable", cursor: undefined })));
    expect(page.items.map((p) => p.id)).toEqual([product.id]);
  });
});
