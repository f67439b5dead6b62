import { Money } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import { ProductCreated, ProductDiscontinued, ProductPriceChanged } from "../../src/domain/events.ts";
import { MAX_ATTRIBUTES, type NewProduct, Product } from "../../src/domain/product.ts";
import { ProductStatus } from "../../src/domain/product-status.ts";
import { expectRefused, id } from "./support.ts";

const eur = (amount: string) => Money.of(amount, "EUR");
const NOW = new Date("2026-11-27T10:00:00.000Z");

function newProduct(patch: Partial<NewProduct> = {}): Product {
  return Product.create(
    { id: id(1), sku: "PHN-001", name: "Phone", price: eur("199.90"), categoryId: id(50), ...patch },
    NOW,
  );
}

/** What a product looks like from outside, to show that a refused command changed nothing. */
function stateOf(product: Product) {
  return {
    status: product.status,
    price: product.price.toJSON(),
    events: product.domainEvents.length,
    updatedAt: product.updatedAt,
  };
}

describe("Product.create", () => {
  it("creates an Active product and records ProductCreated", () => {
    const product = newProduct({ description: "  A phone.\nWith lines.  ", attributes: { colour: "black" } });
    expect(product).toMatchObject({
      id: id(1),
      sku: "PHN-001",
      name: "Phone",
      description: "A phone.\nWith lines.",
      categoryId: id(50),
      status: ProductStatus.Active,
      version: 0,
    });
    expect(product.price.toJSON()).toEqual({ amount: "199.90", currency: "EUR" });
    expect(product.attributes).toEqual({ colour: "black" });
    expect(product.createdAt).toEqual(NOW);
    const [event] = product.domainEvents;
    expect(product.domainEvents).toHaveLength(1);
    expect(event).toBeInstanceOf(ProductCreated);
    const created = event as ProductCreated;
    expect([
      created.aggregateId,
      created.sku,
      created.productName,
      created.price.amount,
      created.categoryId,
    ]).toEqual([id(1), "PHN-001", "Phone", "199.90", id(50)]);
  });

  it("trims the name and defaults the description and attributes to empty", () => {
    const product = newProduct({ name: "  Phone  " });
    expect(product.name).toBe("Phone");
    expect(product.description).toBe("");
    expect(product.attributes).toEqual({});
  });

  it.each(["", "-ABC", "has space", "x".repeat(65), "SKU/1", "ÄBC", "sku\n"])("refuses the SKU %j", (sku) => {
    expectRefused(() => newProduct({ sku }), "product.invalid_sku", "invalid");
  });

  it.each(["A", "a.b_c-D", "9".repeat(64)])("accepts the SKU %j", (sku) => {
    expect(newProduct({ sku }).sku).toBe(sku);
  });

  it.each([
    ["empty", ""],
    ["blank", "  "],
    ["too long", "x".repeat(201)],
    ["with a tab", "a\tb"],
    ["with half a surrogate pair", "a\uDC00"],
  ])("refuses a name that is %s", (_what, name) => {
    expectRefused(() => newProduct({ name }), "product.invalid_name", "invalid");
  });

  it("refuses a description over 5000 characters or with control characters", () => {
    expectRefused(
      () => newProduct({ description: "x".repeat(5001) }),
      "product.invalid_description",
      "invalid",
    );
    expectRefused(() => newProduct({ description: "a\u0000b" }), "product.invalid_description", "invalid");
    expectRefused(() => newProduct({ description: "a\uD800b" }), "product.invalid_description", "invalid");
    expect(newProduct({ description: "x".repeat(5000) }).description).toHaveLength(5000);
  });

  it.each(["0.00", "-0.01", "-10.00"])("refuses the price %s (prices are above zero)", (amount) => {
    expectRefused(() => newProduct({ price: eur(amount) }), "product.invalid_price", "invalid");
  });

  it("keeps the price exact, in minor units", () => {
    const product = newProduct({ price: Money.of("0.10", "EUR").add(Money.of("0.20", "EUR")) });
    expect(product.price.amount).toBe("0.30");
    expect(product.price.minorUnits).toBe(30n);
  });

  it("refuses too many attributes, bad names and bad values", () => {
    const many = Object.fromEntries(Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => [`k${i}`, "v"]));
    expectRefused(() => newProduct({ attributes: many }), "product.too_many_attributes", "invalid");
    const bad: Record<string, string>[] = [
      { "": "v" },
      { _x: "v" },
      { ["k".repeat(65)]: "v" },
      { k: "" },
      { k: "x".repeat(501) },
      { k: "a\uD800" },
    ];
    for (const attributes of bad) {
      expectRefused(() => newProduct({ attributes }), "product.invalid_attribute", "invalid");
    }
    const fifty = Object.fromEntries(Array.from({ length: MAX_ATTRIBUTES }, (_, i) => [`k${i}`, "v"]));
    expect(Object.keys(newProduct({ attributes: fifty }).attributes)).toHaveLength(MAX_ATTRIBUTES);
  });
});

describe("Product.changePrice", () => {
  const restored = (status: ProductStatus = ProductStatus.Active) =>
    Product.restore(
      {
        id: id(1),
        sku: "PHN-001",
        name: "Phone",
        description: "",
        price: eur("199.90"),
        categoryId: id(50),
        status,
        attributes: {},
        createdAt: NOW,
        updatedAt: NOW,
      },
      3,
    );

  it("changes the price and records ProductPriceChanged with the old and new price", () => {
    const product = restored();
    const later = new Date("2026-11-28T00:00:00.000Z");
    expect(product.changePrice(eur("179.00"), later)).toBe(true);
    expect(product.price.amount).toBe("179.00");
    expect(product.updatedAt).toEqual(later);
    const event = product.domainEvents[0] as ProductPriceChanged;
    expect(event).toBeInstanceOf(ProductPriceChanged);
    expect([event.aggregateId, event.price.amount, event.previousPrice.amount]).toEqual([
      id(1),
      "179.00",
      "199.90",
    ]);
  });

  it("the same price again changes nothing and records nothing", () => {
    const product = restored();
    const before = stateOf(product);
    expect(product.changePrice(eur("199.9"))).toBe(false);
    expect(stateOf(product)).toEqual(before);
  });

  it.each(["0.00", "-1.00"])("refuses %s", (amount) => {
    const product = restored();
    const before = stateOf(product);
    expectRefused(() => product.changePrice(eur(amount)), "product.invalid_price", "invalid");
    expect(stateOf(product)).toEqual(before);
  });

  it("refuses a price in another currency", () => {
    const product = restored();
    const before = stateOf(product);
    expectRefused(
      () => product.changePrice(Money.of("10.00", "USD")),
      "product.currency_mismatch",
      "invalid",
    );
    expect(stateOf(product)).toEqual(before);
  });

  it("refuses to reprice a discontinued product", () => {
    const product = restored(ProductStatus.Discontinued);
    const before = stateOf(product);
    expectRefused(() => product.changePrice(eur("1.00")), "product.discontinued", "illegal-state");
    expect(stateOf(product)).toEqual(before);
  });
});

describe("Product.discontinue", () => {
  it("discontinues an Active product and records ProductDiscontinued", () => {
    const product = newProduct();
    product.markSaved(1);
    product.discontinue();
    expect(product.status).toBe(ProductStatus.Discontinued);
    expect(product.domainEvents).toHaveLength(1);
    expect(product.domainEvents[0]).toBeInstanceOf(ProductDiscontinued);
    expect(product.domainEvents[0]?.aggregateId).toBe(id(1));
  });

  it("is final: discontinuing again is refused and records nothing", () => {
    const product = newProduct();
    product.discontinue();
    const before = stateOf(product);
    expectRefused(() => product.discontinue(), "product.already_discontinued", "illegal-state");
    expect(stateOf(product)).toEqual(before);
  });
});
