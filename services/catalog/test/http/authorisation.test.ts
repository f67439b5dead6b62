import { STAFF_ROLES } from "@ecommerce/service-kit";
import {
  authorisationMatrix,
  declaredRoutes,
  expectEveryRouteDeclared,
  expectProblem,
  type TestIssuer,
  testIssuer,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";

let t: CatalogTestApp;
let issuer: TestIssuer;
beforeAll(async () => {
  t = await createCatalogTestApp();
  issuer = await testIssuer();
});
afterAll(() => t.close());

describe("who may call catalog", () => {
  it("every route declares who may call it", () => {
    expectEveryRouteDeclared(t.app);
  });

  it("holds the authorisation matrix generated from the route table", async () => {
    expect(await authorisationMatrix({ app: t.app, issuer, staffRoles: STAFF_ROLES })).toEqual([]);
  });

  it("anonymous: only the shop's product and category reads (stock levels and every command need a role)", () => {
    const open = declaredRoutes(t.app)
      .filter((r) => r.access?.anonymous && !r.url.startsWith("/docs") && !r.url.startsWith("/health"))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(open).toEqual([
      "GET /categories",
      "GET /categories/:id",
      "GET /openapi.json",
      "GET /products",
      "GET /products/:id",
    ]);
  });

  it("a shopper without a token browses; a customer token cannot write", async () => {
    const browse = await t.app.inject({
      method: "GET",
      url: "/products?q=mug",
      headers: { authorization: undefined },
    });
    expect(browse.statusCode, browse.body).toBe(200);
    const customer = `Bearer ${await issuer.tokenFor({ sub: "0190c0de-0000-7000-8000-000000000001", roles: ["customer"] })}`;
    const write = await t.app.inject({
      method: "POST",
      url: "/categories",
      headers: { authorization: customer },
      payload: { name: "Hacked" },
    });
    expectProblem(write, 403, "forbidden");
  });
});
