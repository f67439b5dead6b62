import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectValidationError } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";

// The search text went to PostgreSQL as sent, and a NUL in it answered 500. It is bounded text like
// every other text the catalog takes (service-kit's TextSchema): a control character is a 400.

let t: CatalogTestApp;
beforeAll(async () => {
  t = await createCatalogTestApp();
});
afterAll(() => t.close());

describe("GET /products?q= with a control character", () => {
  it.each([
    ["NUL", "a%00b"],
    ["BEL", "a%07b"],
    ["a newline", "a%0Ab"],
    ["DEL", "a%7Fb"],
  ])("%s → 400 naming querystring.q", async (_what, q) => {
    const res = await t.app.inject({ method: "GET", url: `/products?q=${q}` });
    expectValidationError(res, "querystring.q");
  });

  it("any other text is searched for as given", async () => {
    const res = await t.app.inject({ method: "GET", url: `/products?q=${encodeURIComponent("'; DROP ☃")}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });
});
