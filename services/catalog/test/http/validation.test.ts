import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  catalogApi,
  eur,
  expectNoWrite,
  expectProblem,
  expectValidationError,
  newUuid,
  type ProductJson,
  type Response,
  uniqueSku,
} from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";

// Bad input on every write route is a 4xx problem+json naming what is wrong, never a 500, and
// writes nothing: every table (the outbox, inbox and idempotency keys included) is unchanged.
// Hostile text that is allowed (script, SQL, unicode), stored verbatim and answered as JSON, and text
// refused for its characters, are table-driven in text-payloads.test.ts.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let categoryId: string;
let product: ProductJson;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  categoryId = (await api.category("Validation")).id;
  product = await api.product({ categoryId, initialStock: 5 });
});
afterAll(() => t.close());

type Body = Record<string, unknown>;
/** [what, body, expected: a field for a 400, or [status, code]] */
type Case = [string, () => unknown, string | [number, string]];

const without = (body: Body, key: string) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));

function expectRefusal(res: Response, expected: string | [number, string]) {
  if (typeof expected === "string") expectValidationError(res, expected);
  else expectProblem(res, expected[0], expected[1]);
}

const categoryCases: Case[] = [
  ["name missing", () => ({}), "body.name"],
  ["name a number", () => ({ name: 42 }), "body.name"],
  ["name null", () => ({ name: null }), "body.name"],
  ["name empty", () => ({ name: "" }), "body.name"],
  ["name oversize", () => ({ name: "x".repeat(101) }), "body.name"],
  ["name with a NUL byte", () => ({ name: "a\u0000b" }), "body.name"],
  ["name with a newline", () => ({ name: "a\nb" }), "body.name"],
  ["parentId not a UUID", () => ({ name: "x", parentId: "root" }), "body.parentId"],
  ["parentId a number", () => ({ name: "x", parentId: 1 }), "body.parentId"],
  ["an unknown field", () => ({ name: "x", slug: "x" }), "body.slug"],
  ["a body that is an array", () => [{ name: "x" }], "body"],
  ["an unknown parent", () => ({ name: "x", parentId: newUuid() }), [422, "category.unknown_parent"]],
  ["a blank name", () => ({ name: "   " }), [422, "category.invalid_name"]],
];

const validProduct = (): Body => ({
  sku: uniqueSku(),
  name: "Valid",
  description: "ok",
  price: eur("9.99"),
  categoryId,
  initialStock: 3,
  lowStockThreshold: 1,
  attributes: { colour: "red" },
});
const productWith = (patch: Body) => () => ({ ...validProduct(), ...patch });
const productWithout = (key: string) => () => without(validProduct(), key);
const manyAttributes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));

const productCases: Case[] = [
  ["sku missing", productWithout("sku"), "body.sku"],
  ["name missing", productWithout("name"), "body.name"],
  ["price missing", productWithout("price"), "body.price"],
  ["categoryId missing", productWithout("categoryId"), "body.categoryId"],
  ["sku a number", productWith({ sku: 123 }), "body.sku"],
  ["sku with a space", productWith({ sku: "AB 1" }), "body.sku"],
  ["sku oversize", productWith({ sku: "A".repeat(65) }), "body.sku"],
  ["sku empty", productWith({ sku: "" }), "body.sku"],
  ["name a number", productWith({ name: 1 }), "body.name"],
  ["name oversize", productWith({ name: "x".repeat(201) }), "body.name"],
  ["name with a NUL byte", productWith({ name: "x\u0000" }), "body.name"],
  ["description a number", productWith({ description: 5 }), "body.description"],
  ["description oversize", productWith({ description: "x".repeat(5001) }), "body.description"],
  ["description with a NUL byte", productWith({ description: "a\u0000b" }), "body.description"],
  ["price a number", productWith({ price: 9.99 }), "body.price"],
  ["price a string", productWith({ price: "9.99 EUR" }), "body.price"],
  ["amount negative", productWith({ price: eur("-1.00") }), "body.price.amount"],
  ["amount a number", productWith({ price: { amount: 9.99, currency: "EUR" } }), "body.price.amount"],
  ["amount in exponent form", productWith({ price: eur("1e3") }), "body.price.amount"],
  ["amount with a comma", productWith({ price: eur("9,99") }), "body.price.amount"],
  ["amount oversize", productWith({ price: eur("1".repeat(16)) }), "body.price.amount"],
  ["currency lowercase", productWith({ price: { amount: "1.00", currency: "eur" } }), "body.price.currency"],
  ["currency missing", productWith({ price: { amount: "1.00" } }), "body.price.currency"],
  [
    "an unknown field on the price",
    productWith({ price: { ...eur("1.00"), tax: "0.19" } }),
    "body.price.tax",
  ],
  ["categoryId not a UUID", productWith({ categoryId: "shoes" }), "body.categoryId"],
  ["initialStock a string", productWith({ initialStock: "5" }), "body.initialStock"],
  ["initialStock negative", productWith({ initialStock: -1 }), "body.initialStock"],
  ["initialStock fractional", productWith({ initialStock: 1.5 }), "body.initialStock"],
  ["initialStock oversize", productWith({ initialStock: 1_000_000_001 }), "body.initialStock"],
  ["lowStockThreshold negative", productWith({ lowStockThreshold: -1 }), "body.lowStockThreshold"],
  ["lowStockThreshold a string", productWith({ lowStockThreshold: "1" }), "body.lowStockThreshold"],
  ["attributes an array", productWith({ attributes: ["red"] }), "body.attributes"],
  ["an attribute value a number", productWith({ attributes: { size: 42 } }), "body.attributes.size"],
  [
    "an attribute value oversize",
    productWith({ attributes: { size: "x".repeat(501) } }),
    "body.attributes.size",
  ],
  ["an attribute name not allowed", productWith({ attributes: { "<b>": "x" } }), "body.attributes.<b>"],
  ["too many attributes", productWith({ attributes: manyAttributes(51) }), "body.attributes"],
  ["an unknown field", productWith({ discount: "10%" }), "body.discount"],
  ["a client-chosen id", productWith({ id: newUuid() }), "body.id"],
  ["a body that is an array", () => [validProduct()], "body"],
  ["an unknown category", productWith({ categoryId: newUuid() }), [422, "product.unknown_category"]],
  ["a zero price", productWith({ price: eur("0.00") }), [422, "product.invalid_price"]],
  [
    "an unknown currency",
    productWith({ price: { amount: "1.00", currency: "ABC" } }),
    [422, "money.unknown_currency"],
  ],
  ["too many decimals", productWith({ price: eur("1.005") }), [422, "money.too_precise"]],
  ["a taken SKU", () => ({ ...validProduct(), sku: product.sku }), [409, "product.sku_taken"]],
];

const priceCases: Case[] = [
  ["price missing", () => ({}), "body.price"],
  ["price a number", () => ({ price: 10 }), "body.price"],
  ["amount negative", () => ({ price: eur("-5.00") }), "body.price.amount"],
  ["amount not decimal", () => ({ price: eur("ten") }), "body.price.amount"],
  ["currency malformed", () => ({ price: { amount: "1.00", currency: "€" } }), "body.price.currency"],
  ["an unknown field", () => ({ price: eur("1.00"), note: "sale" }), "body.note"],
  ["a zero price", () => ({ price: eur("0.00") }), [422, "product.invalid_price"]],
  [
    "another currency",
    () => ({ price: { amount: "1.00", currency: "GBP" } }),
    [422, "product.currency_mismatch"],
  ],
];

const stockCases: Case[] = [
  ["delta missing", () => ({ reason: "x" }), "body.delta"],
  ["reason missing", () => ({ delta: 1 }), "body.reason"],
  ["delta a string", () => ({ delta: "5", reason: "x" }), "body.delta"],
  ["delta fractional", () => ({ delta: 1.5, reason: "x" }), "body.delta"],
  ["delta zero", () => ({ delta: 0, reason: "x" }), "body.delta"],
  ["delta above the maximum", () => ({ delta: 1_000_001, reason: "x" }), "body.delta"],
  ["delta below the minimum", () => ({ delta: -1_000_001, reason: "x" }), "body.delta"],
  ["delta null", () => ({ delta: null, reason: "x" }), "body.delta"],
  ["reason empty", () => ({ delta: 1, reason: "" }), "body.reason"],
  ["reason oversize", () => ({ delta: 1, reason: "x".repeat(501) }), "body.reason"],
  ["reason a number", () => ({ delta: 1, reason: 7 }), "body.reason"],
  ["reason with a newline", () => ({ delta: 1, reason: "a\nb" }), "body.reason"],
  ["an unknown field", () => ({ delta: 1, reason: "x", onHand: 100 }), "body.onHand"],
  [
    "a negative delta beyond what is on hand",
    () => ({ delta: -6, reason: "x" }),
    [409, "stock.below_reserved"],
  ],
  ["a blank reason", () => ({ delta: 1, reason: "   " }), [422, "stock.invalid_reason"]],
];

describe.each([
  ["POST /categories", categoryCases, (body: unknown) => api.createCategory(body)],
  ["POST /products", productCases, (body: unknown) => api.createProduct(body)],
  ["POST /products/{id}/price", priceCases, (body: unknown) => api.changePrice(product.id, body)],
  ["POST /products/{id}/stock", stockCases, (body: unknown) => api.adjustStock(product.id, body)],
] as const)("%s", (_route, cases, send) => {
  it.each(cases)("%s → refused, nothing written", async (_what, body, expected) => {
    const res = await expectNoWrite(t.db, () => send(body()));
    expectRefusal(res, expected);
  });
});

describe("every write route", () => {
  const routes: [string, (id: string) => string, unknown][] = [
    ["price", (id) => `/products/${id}/price`, { price: eur("1.00") }],
    ["discontinue", (id) => `/products/${id}/discontinue`, undefined],
    ["stock", (id) => `/products/${id}/stock`, { delta: 1, reason: "x" }],
  ];

  it.each(routes)(
    "%s: an unknown product → 404 product.not_found, nothing written",
    async (_name, url, payload) => {
      const res = await expectNoWrite(t.db, () =>
        t.app.inject({
          method: "POST",
          url: url(newUuid()),
          ...(payload ? { payload: payload as object } : {}),
        }),
      );
      expectProblem(res, 404, "product.not_found");
    },
  );

  it.each(routes)(
    "%s: a malformed product id → 400 naming params.id, nothing written",
    async (_name, url, payload) => {
      for (const id of ["42", "not-a-uuid", "0193a6f0-0000-7000-8000-00000000000g"]) {
        const res = await expectNoWrite(t.db, () =>
          t.app.inject({ method: "POST", url: url(id), ...(payload ? { payload: payload as object } : {}) }),
        );
        expectValidationError(res, "params.id");
      }
    },
  );

  it.each(["/categories", "/products", `/products/{id}/price`, `/products/{id}/stock`])(
    "%s: bad JSON, an empty body, no content type, or a body over the limit → 4xx problem, nothing written",
    async (path) => {
      const url = path.replace("{id}", product.id);
      const send = (payload: string, headers: Record<string, string>) =>
        expectNoWrite(t.db, () => t.app.inject({ method: "POST", url, payload, headers }));
      const json = { "content-type": "application/json" };
      expectProblem(await send('{"name": "x", ', json), 400, "ctp_invalid_json_body");
      const empty = await send("", json);
      expect(empty.statusCode).toBe(400);
      expect(empty.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expectProblem(await send("name=x", {}), 415, "ctp_invalid_media_type");
      const text = await send("hello", { "content-type": "text/plain" });
      expect([400, 415]).toContain(text.statusCode);
      expect(text.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expectProblem(
        await send(JSON.stringify({ name: "x".repeat(300 * 1024) }), json),
        413,
        "ctp_body_too_large",
      );
      expectValidationError(await send('"just a string"', json), "body");
    },
  );

  it("reports every invalid field at once", async () => {
    const res = await api.createProduct({ sku: "bad sku", name: "", price: eur("-1"), categoryId: "x" });
    const problem = expectValidationError(res, "body.sku");
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(
      ["body.categoryId", "body.name", "body.price.amount", "body.sku"].sort(),
    );
  });

  it.each([
    ["oversize", "k".repeat(256)],
    ["with a space", "my key"],
  ])("an Idempotency-Key %s → 400, nothing written", async (_what, key) => {
    const res = await expectNoWrite(t.db, () =>
      api.createCategory({ name: "Keyed" }, { "idempotency-key": key }),
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("an unknown route → 404 problem", async () => {
    expectProblem(
      await t.app.inject({ method: "POST", url: `/products/${product.id}/restock` }),
      404,
      "route_not_found",
    );
  });

  it("after all the refusals, the product is exactly as it was", async () => {
    const res = await api.getProduct(product.id);
    expect(res.json()).toEqual(product);
    expect(await api.stock(product.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });
});
