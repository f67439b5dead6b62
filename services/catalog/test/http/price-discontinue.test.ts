import { ProductDiscontinued, ProductPriceChanged } from "@ecommerce/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  catalogApi,
  eur,
  eventsOf,
  expectConsistent,
  expectNoWrite,
  expectProblem,
  jsonOf,
  newUuid,
  type ProductJson,
  type Response,
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

const product = (fields: Record<string, unknown> = {}) =>
  api.product({ categoryId, price: eur("20.00"), ...fields });

describe("POST /products/{id}/price", () => {
  it("changes the price: 200 with the product, version and ETag bumped, ProductPriceChanged in the outbox", async () => {
    const created = await product();
    let res: Response | undefined;
    const events = await eventsOf(t.db, async () => {
      res = await api.changePrice(created.id, { price: eur("17.50") });
    });
    const changed = jsonOf<ProductJson>(res as Response);
    expect(changed).toMatchObject({
      price: { amount: "17.50", currency: "EUR" },
      version: 2,
      status: "Active",
    });
    expect(res?.headers.etag).toBe('"2.1"');
    expect(await expectConsistent(t, created.id)).toEqual(changed);
    expect(events.map((e) => e.type)).toEqual([ProductPriceChanged.type]);
    expect(events[0]).toMatchObject({
      subject: created.id,
      data: { productId: created.id, price: eur("17.50") },
    });
  });

  it("the same price again: 200, nothing changes, no event", async () => {
    const created = await product();
    const res = await expectNoWrite(t.db, () =>
      api.changePrice(created.id, { price: { amount: "20", currency: "EUR" } }),
    );
    expect(jsonOf<ProductJson>(res)).toEqual(created);
  });

  it("a price in another currency → 422 product.currency_mismatch, nothing written", async () => {
    const created = await product();
    const res = await expectNoWrite(t.db, () =>
      api.changePrice(created.id, { price: { amount: "20.00", currency: "USD" } }),
    );
    expectProblem(res, 422, "product.currency_mismatch");
  });

  it("a zero price → 422 product.invalid_price, nothing written", async () => {
    const created = await product();
    expectProblem(
      await expectNoWrite(t.db, () => api.changePrice(created.id, { price: eur("0") })),
      422,
      "product.invalid_price",
    );
  });

  it("a discontinued product → 409 product.discontinued, nothing written", async () => {
    const created = await product();
    jsonOf(await api.discontinue(created.id));
    expectProblem(
      await expectNoWrite(t.db, () => api.changePrice(created.id, { price: eur("1.00") })),
      409,
      "product.discontinued",
    );
  });

  it("an unknown product → 404 product.not_found, nothing written", async () => {
    const id = newUuid();
    const problem = expectProblem(
      await expectNoWrite(t.db, () => api.changePrice(id, { price: eur("1.00") })),
      404,
      "product.not_found",
    );
    expect(problem.detail).toContain(id);
  });
});

describe("POST /products/{id}/discontinue", () => {
  it("discontinues: 200, status Discontinued, version bumped, ProductDiscontinued in the outbox", async () => {
    const created = await product();
    let res: Response | undefined;
    const events = await eventsOf(t.db, async () => {
      res = await api.discontinue(created.id);
    });
    expect(jsonOf<ProductJson>(res as Response)).toMatchObject({ status: "Discontinued", version: 2 });
    await expectConsistent(t, created.id);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [ProductDiscontinued.type, { productId: created.id }],
    ]);
  });

  it("twice → 409 product.already_discontinued, nothing written", async () => {
    const created = await product();
    jsonOf(await api.discontinue(created.id));
    expectProblem(
      await expectNoWrite(t.db, () => api.discontinue(created.id)),
      409,
      "product.already_discontinued",
    );
  });

  it("an unknown product → 404, nothing written", async () => {
    expectProblem(await expectNoWrite(t.db, () => api.discontinue(newUuid())), 404, "product.not_found");
  });
});

describe("optimistic concurrency with If-Match on the product commands", () => {
  const commands: [string, (id: string, headers: Record<string, string>) => Promise<Response>][] = [
    ["price", (id, headers) => api.changePrice(id, { price: eur("9.99") }, headers)],
    ["discontinue", (id, headers) => api.discontinue(id, headers)],
  ];

  it.each(commands)("%s with the ETag from GET succeeds", async (_name, send) => {
    const created = await product();
    const etag = (await api.getProduct(created.id)).headers.etag as string;
    const res = await send(created.id, { "if-match": etag });
    expect(jsonOf<ProductJson>(res).version).toBe(2);
    expect(res.headers.etag).toBe('"2.1"');
  });

  it.each(commands)('%s with the plain product version ("1", W/"1") succeeds', async (_name, send) => {
    const created = await product();
    expect(jsonOf<ProductJson>(await send(created.id, { "if-match": 'W/"1"' })).version).toBe(2);
  });

  it.each(commands)(
    "%s with a stale ETag → 412 with the current version, nothing written",
    async (_name, send) => {
      const created = await product();
      jsonOf(await api.changePrice(created.id, { price: eur("30.00") }));
      const res = await expectNoWrite(t.db, () => send(created.id, { "if-match": '"1.1"' }));
      expect(expectProblem(res, 412, "precondition_failed").currentVersion).toBe(2);
    },
  );

  it("a stock change does not make a product ETag stale for the product commands", async () => {
    const created = await product({ initialStock: 5 });
    const etag = (await api.getProduct(created.id)).headers.etag as string;
    jsonOf(await api.adjustStock(created.id, { delta: 1, reason: "found one" }));
    expect((await api.getProduct(created.id)).headers.etag).not.toBe(etag);
    expect(
      jsonOf<ProductJson>(await api.changePrice(created.id, { price: eur("21.00") }, { "if-match": etag }))
        .version,
    ).toBe(2);
  });

  it.each(["1", '"abc"', '"1', "W/1", '"1", "2"', '"1.x"'])(
    "a malformed If-Match (%s) → 400, nothing written",
    async (value) => {
      const created = await product();
      for (const [, send] of commands) {
        expectProblem(
          await expectNoWrite(t.db, () => send(created.id, { "if-match": value })),
          400,
          "invalid_if_match",
        );
      }
    },
  );

  it("concurrent price changes without If-Match are serialised: every one applies, none is lost", async () => {
    const created = await product();
    const prices = ["21.00", "22.00", "23.00", "24.00", "25.00", "26.00"];
    const responses = await Promise.all(
      prices.map((amount) => api.changePrice(created.id, { price: eur(amount) })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(prices.map(() => 200));
    const final = await expectConsistent(t, created.id);
    expect(final.version).toBe(1 + prices.length);
    const [row] = await t.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM messaging_outbox WHERE subject = $1 AND event_type = $2",
      created.id,
      ProductPriceChanged.type,
    );
    expect(row?.n).toBe(prices.length);
  });
});
