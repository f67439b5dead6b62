import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CategoryJson,
  catalogApi,
  expectProblem,
  expectValidationError,
  jsonOf,
  newUuid,
  type PageJson,
  type ProductJson,
  type Response,
} from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let shoes: CategoryJson;
let running: CategoryJson;
let hats: CategoryJson;
/** Products in shoes (directly or in running), by name. */
const inShoes: ProductJson[] = [];
let discontinued: ProductJson;

beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  shoes = await api.category("Shoes");
  running = await api.category("Running", shoes.id);
  hats = await api.category("Hats");
  const names = ["Trail Runner", "Loafer", "Boot", "Sandal", "Sprint 100", "Derby", "Marathon Pro"];
  for (const [i, name] of names.entries()) {
    const categoryId = name.match(/Run|Sprint|Marathon/) ? running.id : shoes.id;
    inShoes.push(await api.product({ name, categoryId, sku: `SHOE-${i}-${newUuid().slice(0, 6)}` }));
  }
  await api.product({ name: "Beanie", categoryId: hats.id, sku: `HAT-${newUuid().slice(0, 6)}` });
  discontinued = await api.product({
    name: "Clog",
    categoryId: shoes.id,
    sku: `SHOE-OLD-${newUuid().slice(0, 6)}`,
  });
  jsonOf(await api.discontinue(discontinued.id));
  inShoes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
});
afterAll(() => t.close());

function pageOf(res: Response): PageJson<ProductJson> {
  const page = jsonOf<PageJson<ProductJson>>(res);
  expect(Object.keys(page).sort()).toEqual(["items", "nextCursor"]);
  return page;
}

async function all(query: Record<string, string | number | boolean>) {
  const items: ProductJson[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const page: PageJson<ProductJson> = pageOf(
      await api.listProducts({ ...query, ...(cursor ? { cursor } : {}) }),
    );
    items.push(...page.items);
    sizes.push(page.items.length);
    cursor = page.nextCursor;
  } while (cursor !== null && sizes.length < 20);
  return { items, sizes };
}

describe("GET /products/{id}", () => {
  it("answers the product as the command returned it, with available, and its ETag", async () => {
    const product = inShoes[0]!;
    const res = await api.getProduct(product.id);
    expect(jsonOf<ProductJson>(res)).toEqual(product);
    expect(res.headers.etag).toBe('"1.1"');
  });

  it("answers 304 on If-None-Match with the current ETag, 200 once the stock changed", async () => {
    const product = inShoes[1]!;
    const first = await api.getProduct(product.id, { "if-none-match": '"1.1"' });
    expect(first.statusCode).toBe(304);
    expect(first.body).toBe("");
    jsonOf(await api.adjustStock(product.id, { delta: 2, reason: "found" }));
    const second = await api.getProduct(product.id, { "if-none-match": '"1.1"' });
    expect(jsonOf<ProductJson>(second).available).toBe(12);
    expect(second.headers.etag).toBe('"1.2"');
  });

  it("unknown → 404 product.not_found; malformed → 400 naming params.id", async () => {
    const id = newUuid();
    expect(expectProblem(await api.getProduct(id), 404, "product.not_found").detail).toContain(id);
    expectValidationError(await api.getProduct("not-a-uuid"), "params.id");
  });
});

describe("GET /products?categoryId=&q=&cursor=&limit=", () => {
  it("pages through a category and its subcategories by name, each product once, nextCursor null at the end", async () => {
    const { items, sizes } = await all({ categoryId: shoes.id, limit: 3 });
    expect(sizes).toEqual([3, 3, 1]);
    expect(items.map((p) => p.name)).toEqual(inShoes.map((p) => p.name));
    expect(items.map((p) => p.id)).toEqual(inShoes.map((p) => p.id));
  });

  it("a subcategory lists only its own products", async () => {
    const { items } = await all({ categoryId: running.id });
    expect(items.map((p) => p.name)).toEqual(["Marathon Pro", "Sprint 100", "Trail Runner"]);
    expect(items.every((p) => p.category.path.map((c) => c.id).includes(running.id))).toBe(true);
  });

  it("no cursor when the last page is exactly full; a cursor when more remain", async () => {
    expect(pageOf(await api.listProducts({ categoryId: shoes.id, limit: 7 })).nextCursor).toBeNull();
    const first = pageOf(await api.listProducts({ categoryId: shoes.id, limit: 6 }));
    expect(first.nextCursor).not.toBeNull();
    const rest = pageOf(
      await api.listProducts({ categoryId: shoes.id, limit: 6, cursor: first.nextCursor! }),
    );
    expect(rest.items.map((p) => p.id)).toEqual([inShoes.at(-1)!.id]);
    expect(rest.nextCursor).toBeNull();
  });

  it("hides discontinued products unless asked", async () => {
    const active = await all({ categoryId: shoes.id });
    expect(active.items.map((p) => p.id)).not.toContain(discontinued.id);
    const everything = await all({ categoryId: shoes.id, includeDiscontinued: true });
    expect(everything.items.map((p) => p.id)).toContain(discontinued.id);
    expect(everything.items.find((p) => p.id === discontinued.id)?.status).toBe("Discontinued");
  });

  it("searches the name or the SKU, in any case, within the category if one is given", async () => {
    expect((await all({ q: "RUN" })).items.map((p) => p.name)).toEqual(["Trail Runner"]);
    expect((await all({ q: "shoe-", limit: 100 })).items).toHaveLength(7);
    expect((await all({ q: "oa" })).items.map((p) => p.name)).toEqual(["Loafer"]);
    expect((await all({ q: "pro", categoryId: running.id })).items.map((p) => p.name)).toEqual([
      "Marathon Pro",
    ]);
    expect((await all({ q: "beanie", categoryId: shoes.id })).items).toEqual([]);
  });

  it("takes search text literally: % and _ are not wildcards", async () => {
    expect((await all({ q: "%" })).items).toEqual([]);
    expect((await all({ q: "_" })).items).toEqual([]);
    expect((await all({ q: "\\" })).items).toEqual([]);
  });

  it("lists every active product without filters", async () => {
    const { items } = await all({ limit: 100 });
    expect(items).toHaveLength(inShoes.length + 1);
  });

  it("an unknown category → 404 category.not_found", async () => {
    expectProblem(await api.listProducts({ categoryId: newUuid() }), 404, "category.not_found");
  });

  it.each([
    ["categoryId not a UUID", { categoryId: "shoes" }, "querystring.categoryId"],
    ["limit zero", { limit: 0 }, "querystring.limit"],
    ["limit above 100", { limit: 101 }, "querystring.limit"],
    ["limit not a number", { limit: "ten" }, "querystring.limit"],
    ["q empty", { q: "" }, "querystring.q"],
    ["q oversize", { q: "x".repeat(101) }, "querystring.q"],
    ["cursor oversize", { cursor: "c".repeat(2001) }, "querystring.cursor"],
    [
      "includeDiscontinued not a boolean",
      { includeDiscontinued: "maybe" },
      "querystring.includeDiscontinued",
    ],
    ["an unknown parameter", { sort: "price" }, "querystring.sort"],
  ])("%s → 400 naming the parameter", async (_what, query, field) => {
    expectValidationError(await api.listProducts(query), field);
  });

  it.each([
    ["garbage", "not-a-cursor!"],
    ["base64 of something else", Buffer.from("hello").toString("base64url")],
    ["a cursor with a bad id", Buffer.from(JSON.stringify(["Boot", "x"])).toString("base64url")],
  ])("an invalid cursor (%s) → 400 invalid_cursor", async (_what, cursor) => {
    expectProblem(await api.listProducts({ cursor }), 400, "invalid_cursor");
  });
});
