import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdjustStock } from "../../src/application/commands/adjust-stock.ts";
import { ChangeProductPrice } from "../../src/application/commands/change-product-price.ts";
import { CommitReservation } from "../../src/application/commands/commit-reservation.ts";
import { CreateCategory } from "../../src/application/commands/create-category.ts";
import { CreateProduct, type NewProductRequest } from "../../src/application/commands/create-product.ts";
import { DiscontinueProduct } from "../../src/application/commands/discontinue-product.ts";
import { ReleaseReservation } from "../../src/application/commands/release-reservation.ts";
import { ReserveStock } from "../../src/application/commands/reserve-stock.ts";
import { MAX_CATEGORY_NAME_LENGTH } from "../../src/domain/category.ts";
import { MAX_UNITS_PER_LINE } from "../../src/domain/reservation.ts";
import { MAX_ADJUSTMENT, MAX_STOCK_REASON_LENGTH, MAX_THRESHOLD } from "../../src/domain/stock-item.ts";
import { catalogApi, eur, newUuid, type ProductJson, stockRow, uniqueSku } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import { expectRefused } from "../support/refused.ts";

// Commands do not only come from HTTP, whose schemas stand in front of them: scripts and the event
// handlers send them too. Sent straight through the mediator, an invalid one is refused by its own
// schema (validation_failed naming the field) before its handler runs, and writes nothing. Each test
// ends with the same command made valid, which goes through.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let categoryId: string;
let product: ProductJson;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  categoryId = (await api.category()).id;
  product = await api.product({ categoryId, initialStock: 10 });
});
afterAll(() => t.close());

const refused = (message: Parameters<typeof expectRefused>[1], fields: string[]) =>
  expectRefused(t, message, fields);

describe("CreateCategory", () => {
  it("refuses an empty, oversize or multi-line name and a parent that is not a uuid", async () => {
    await refused(new CreateCategory("", undefined), ["name"]);
    await refused(new CreateCategory("x".repeat(MAX_CATEGORY_NAME_LENGTH + 1), undefined), ["name"]);
    await refused(new CreateCategory("Two\nlines", undefined), ["name"]);
    await refused(new CreateCategory("Phones", "root"), ["parentId"]);
    expect(await t.mediator.send(new CreateCategory("Phones", categoryId))).toEqual(expect.any(String));
    expect(await t.mediator.send(new CreateCategory(`Root ${newUuid()}`, undefined))).toEqual(
      expect.any(String),
    );
  });
});

describe("CreateProduct", () => {
  const valid = (): NewProductRequest => ({
    sku: uniqueSku(),
    name: "Phone",
    price: eur("9.99"),
    categoryId,
  });

  it("refuses out-of-bounds stock and threshold, a malformed SKU, price or category, and unknown fields", async () => {
    await refused(new CreateProduct({ ...valid(), initialStock: -1 }), ["product.initialStock"]);
    await refused(new CreateProduct({ ...valid(), initialStock: 2.5 }), ["product.initialStock"]);
    await refused(new CreateProduct({ ...valid(), lowStockThreshold: MAX_THRESHOLD + 1 }), [
      "product.lowStockThreshold",
    ]);
    await refused(new CreateProduct({ ...valid(), sku: "-starts-with-a-dash" }), ["product.sku"]);
    await refused(new CreateProduct({ ...valid(), price: { amount: "9,99", currency: "EUR" } }), [
      "product.price.amount",
    ]);
    await refused(new CreateProduct({ ...valid(), categoryId: "phones" }), ["product.categoryId"]);
    await refused(new CreateProduct({ ...valid(), attributes: { colour: "" } }), [
      "product.attributes.colour",
    ]);
    await refused(new CreateProduct({ ...valid(), colour: "black" } as NewProductRequest), [
      "product",
      "product.colour",
    ]);
    // the optional fields may be left out altogether
    const id = await t.mediator.send(new CreateProduct(valid()));
    expect(await stockRow(t.db, id)).toMatchObject({ on_hand: 0, reserved: 0 });
  });
});

describe("ChangeProductPrice", () => {
  it("refuses a product id that is not a uuid and money that is not a decimal string and ISO code", async () => {
    await refused(new ChangeProductPrice("product-1", eur("12.00")), ["productId"]);
    await refused(new ChangeProductPrice(product.id, { amount: "12.00", currency: "eur" }), [
      "price.currency",
    ]);
    await refused(new ChangeProductPrice(product.id, { amount: 12, currency: "EUR" } as never), [
      "price.amount",
    ]);
    await refused(new ChangeProductPrice(product.id, { ...eur("12.00"), rate: 1 } as never), [
      "price",
      "price.rate",
    ]);
    await t.mediator.send(new ChangeProductPrice(product.id, eur("12.00")));
    expect((await api.getProduct(product.id)).json<ProductJson>().price).toEqual(eur("12.00"));
  });
});

describe("DiscontinueProduct", () => {
  it("refuses a product id that is not a uuid", async () => {
    const doomed = await api.product({ categoryId });
    await refused(new DiscontinueProduct("product-1"), ["productId"]);
    await t.mediator.send(new DiscontinueProduct(doomed.id));
    expect((await api.getProduct(doomed.id)).json<ProductJson>().status).toBe("Discontinued");
  });
});

describe("AdjustStock", () => {
  it("refuses a zero, fractional or oversize delta, a missing, oversize or multi-line reason, a bad id", async () => {
    await refused(new AdjustStock(product.id, 0, "count"), ["delta"]);
    await refused(new AdjustStock(product.id, 1.5, "count"), ["delta"]);
    await refused(new AdjustStock(product.id, MAX_ADJUSTMENT + 1, "count"), ["delta"]);
    await refused(new AdjustStock(product.id, -MAX_ADJUSTMENT - 1, "count"), ["delta"]);
    await refused(new AdjustStock(product.id, 5, "x".repeat(MAX_STOCK_REASON_LENGTH + 1)), ["reason"]);
    await refused(new AdjustStock(product.id, 5, ""), ["reason"]);
    await refused(new AdjustStock(product.id, 5, "delivery\r\nfrom supplier"), ["reason"]);
    await refused(new AdjustStock("product-1", 5, "delivery"), ["productId"]);
    const before = (await stockRow(t.db, product.id))?.on_hand ?? 0;
    await t.mediator.send(new AdjustStock(product.id, 5, "x".repeat(MAX_STOCK_REASON_LENGTH)));
    expect((await stockRow(t.db, product.id))?.on_hand).toBe(before + 5);
  });
});

describe("ReserveStock", () => {
  it("refuses a quantity of 0, a fraction or above the per-line maximum, non-uuid ids, no lines, unknown fields", async () => {
    const line = (quantity: number) => [{ productId: product.id, quantity }];
    await refused(new ReserveStock(newUuid(), line(0)), ["lines.0.quantity"]);
    await refused(new ReserveStock(newUuid(), line(1.5)), ["lines.0.quantity"]);
    await refused(new ReserveStock(newUuid(), line(MAX_UNITS_PER_LINE + 1)), ["lines.0.quantity"]);
    await refused(new ReserveStock(newUuid(), [{ productId: "not-a-uuid", quantity: 1 }]), [
      "lines.0.productId",
    ]);
    await refused(new ReserveStock("order-1", line(1)), ["orderId"]);
    await refused(new ReserveStock(newUuid(), []), ["lines"]);
    await refused(
      new ReserveStock(newUuid(), [{ productId: product.id, quantity: 1, unitPrice: "1" }] as never),
      ["lines.0", "lines.0.unitPrice"],
    );
    const outcome = await t.mediator.send(new ReserveStock(newUuid(), line(2)));
    expect(outcome).toMatchObject({ status: "Reserved", created: true, shortLines: [] });
  });
});

describe("ReleaseReservation", () => {
  it("refuses an order id that is not a uuid", async () => {
    const orderId = newUuid();
    await t.mediator.send(new ReserveStock(orderId, [{ productId: product.id, quantity: 1 }]));
    await refused(new ReleaseReservation("order-1"), ["orderId"]);
    expect(await t.mediator.send(new ReleaseReservation(orderId))).toBe(true);
  });
});

describe("CommitReservation", () => {
  it("refuses an order id that is not a uuid", async () => {
    const orderId = newUuid();
    await t.mediator.send(new ReserveStock(orderId, [{ productId: product.id, quantity: 1 }]));
    await refused(new CommitReservation("order-1"), ["orderId"]);
    expect(await t.mediator.send(new CommitReservation(orderId))).toBe(true);
  });
});
