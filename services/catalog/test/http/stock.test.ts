import { StockLow } from "@ecommerce/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReserveStock } from "../../src/application/commands/reserve-stock.ts";
import {
  catalogApi,
  eventsOf,
  expectConsistent,
  expectNoWrite,
  expectProblem,
  jsonOf,
  newUuid,
  type Response,
  type StockJson,
  stockRow,
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

const product = (initialStock = 10, lowStockThreshold = 0) =>
  api.product({ categoryId, initialStock, lowStockThreshold });
const reserve = (productId: string, quantity: number) =>
  t.mediator.send(new ReserveStock(newUuid(), [{ productId, quantity }]));

describe("POST /products/{id}/stock", () => {
  it("restocks: 200 with the stock level and its ETag; the product's available follows", async () => {
    const created = await product(10);
    const res = await api.adjustStock(created.id, { delta: 15, reason: "delivery from supplier" });
    expect(jsonOf<StockJson>(res)).toEqual({ onHand: 25, reserved: 0, available: 25 });
    expect(res.headers.etag).toBe('"2"');
    expect((await expectConsistent(t, created.id)).available).toBe(25);
  });

  it("corrects downwards, and records each change with its reason", async () => {
    const created = await product(10);
    jsonOf(await api.adjustStock(created.id, { delta: -3, reason: "damaged in the warehouse" }));
    expect(await api.stock(created.id)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    const movements = await t.db.$queryRawUnsafe<
      { kind: string; on_hand_delta: number; on_hand_after: number; reason: string }[]
    >(
      "SELECT kind, on_hand_delta, on_hand_after, reason FROM stock_movements WHERE product_id = $1::uuid ORDER BY id",
      created.id,
    );
    expect(movements).toEqual([
      { kind: "initial", on_hand_delta: 10, on_hand_after: 10, reason: "initial stock" },
      { kind: "adjustment", on_hand_delta: -3, on_hand_after: 7, reason: "damaged in the warehouse" },
    ]);
  });

  it("cannot take away reserved units → 409 stock.below_reserved with the figures, nothing written", async () => {
    const created = await product(10);
    await reserve(created.id, 6);
    expect(await api.stock(created.id)).toEqual({ onHand: 10, reserved: 6, available: 4 });
    const res = await expectNoWrite(t.db, () => api.adjustStock(created.id, { delta: -5, reason: "count" }));
    const problem = expectProblem(res, 409, "stock.below_reserved");
    expect(problem).toMatchObject({ onHand: 10, reserved: 6, available: 4 });
    // exactly the available units can go
    expect(jsonOf<StockJson>(await api.adjustStock(created.id, { delta: -4, reason: "count" }))).toEqual({
      onHand: 6,
      reserved: 6,
      available: 0,
    });
  });

  it("cannot go below zero → 409, nothing written", async () => {
    const created = await product(2);
    expectProblem(
      await expectNoWrite(t.db, () => api.adjustStock(created.id, { delta: -3, reason: "count" })),
      409,
      "stock.below_reserved",
    );
  });

  it("a blank reason → 422 stock.invalid_reason, nothing written", async () => {
    const created = await product(2);
    expectProblem(
      await expectNoWrite(t.db, () => api.adjustStock(created.id, { delta: 1, reason: "  " })),
      422,
      "stock.invalid_reason",
    );
  });

  it("an unknown product → 404, nothing written", async () => {
    expectProblem(
      await expectNoWrite(t.db, () => api.adjustStock(newUuid(), { delta: 1, reason: "x" })),
      404,
      "product.not_found",
    );
  });

  it("publishes StockLow when available falls below the threshold (not to it), once", async () => {
    const created = await product(10, 4);
    // down to the threshold itself: not low yet
    const quiet = await eventsOf(t.db, () => api.adjustStock(created.id, { delta: -6, reason: "count" }));
    expect(quiet).toEqual([]);
    const low = await eventsOf(t.db, () => api.adjustStock(created.id, { delta: -1, reason: "count" }));
    expect(low.map((e) => [e.type, e.subject, e.data])).toEqual([
      [StockLow.type, created.id, { productId: created.id, available: 3, threshold: 4 }],
    ]);
    expect(await eventsOf(t.db, () => api.adjustStock(created.id, { delta: -1, reason: "count" }))).toEqual(
      [],
    );
  });

  describe("If-Match on the stock", () => {
    it("takes the stock ETag, or the product's ETag (its stock part)", async () => {
      const created = await product(10);
      const stockEtag = (await api.getStock(created.id)).headers.etag as string;
      expect(stockEtag).toBe('"1"');
      const res = await api.adjustStock(created.id, { delta: 1, reason: "x" }, { "if-match": stockEtag });
      expect(res.statusCode, res.body).toBe(200);
      const productEtag = (await api.getProduct(created.id)).headers.etag as string;
      expect(productEtag).toBe('"1.2"');
      expect(
        (await api.adjustStock(created.id, { delta: 1, reason: "x" }, { "if-match": productEtag }))
          .statusCode,
      ).toBe(200);
    });

    it("a stale ETag (stock changed by a sale) → 412, nothing written", async () => {
      const created = await product(10);
      const etag = (await api.getStock(created.id)).headers.etag as string;
      await reserve(created.id, 1);
      const res = await expectNoWrite(t.db, () =>
        api.adjustStock(created.id, { delta: -1, reason: "x" }, { "if-match": etag }),
      );
      expect(expectProblem(res, 412, "precondition_failed").currentVersion).toBe(2);
    });
  });

  it("concurrent adjustments are serialised: none is lost", async () => {
    const created = await product(0);
    const responses: Response[] = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.adjustStock(created.id, { delta: i + 1, reason: `delivery ${i}` }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 200));
    expect(await stockRow(t.db, created.id)).toEqual({ on_hand: 55, reserved: 0, version: 11 });
    await expectConsistent(t, created.id);
  });
});

describe("GET /products/{id}/stock", () => {
  it("answers onHand, reserved and available, exactly, with its ETag; 304 on If-None-Match", async () => {
    const created = await product(8);
    await reserve(created.id, 3);
    const res = await api.getStock(created.id);
    expect(Object.keys(res.json()).sort()).toEqual(["available", "onHand", "reserved"]);
    expect(res.json()).toEqual({ onHand: 8, reserved: 3, available: 5 });
    expect(res.headers.etag).toBe('"2"');
    const again = await api.getStock(created.id, { "if-none-match": '"2"' });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });

  it("an unknown product → 404; a malformed id → 400", async () => {
    expectProblem(await api.getStock(newUuid()), 404, "product.not_found");
    expect((await api.getStock("12")).statusCode).toBe(400);
  });
});
