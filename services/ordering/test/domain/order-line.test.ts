import { DomainError, Money } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import { MAX_QUANTITY_PER_LINE, OrderLine } from "../../src/domain/order-line.ts";

const PRODUCT = "0193a6f0-0000-7000-8000-0000000000aa";
const eur = (amount: string) => Money.of(amount, "EUR");

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  throw new Error("expected a DomainError, nothing was thrown");
}

describe("OrderLine", () => {
  it("holds a product, a whole quantity and the unit price it was ordered at", () => {
    const line = OrderLine.create(PRODUCT, 3, eur("12.50"));
    expect(line.productId).toBe(PRODUCT);
    expect(line.quantity).toBe(3);
    expect(line.unitPrice.equals(eur("12.50"))).toBe(true);
  });

  it("computes its total exactly, never through a binary float", () => {
    expect(OrderLine.create(PRODUCT, 3, eur("0.10")).lineTotal.amount).toBe("0.30");
    expect(OrderLine.create(PRODUCT, 2, eur("12.50")).lineTotal.toJSON()).toEqual({
      amount: "25.00",
      currency: "EUR",
    });
    expect(OrderLine.create(PRODUCT, 7, Money.of("0.333", "KWD")).lineTotal.amount).toBe("2.331");
    expect(OrderLine.create(PRODUCT, MAX_QUANTITY_PER_LINE, eur("999999999999999.99")).lineTotal.amount).toBe(
      "9999999999999999900.00",
    );
  });

  it.each([
    [0, "order.invalid_quantity"],
    [-1, "order.invalid_quantity"],
    [1.5, "order.invalid_quantity"],
    [Number.NaN, "order.invalid_quantity"],
    [Number.POSITIVE_INFINITY, "order.invalid_quantity"],
    [MAX_QUANTITY_PER_LINE + 1, "order.quantity_too_large"],
  ])("refuses the quantity %s with %s", (quantity, code) => {
    expect(codeOf(() => OrderLine.create(PRODUCT, quantity, eur("1.00")))).toBe(code);
  });

  it("accepts the smallest and the largest quantity", () => {
    expect(OrderLine.create(PRODUCT, 1, eur("1.00")).quantity).toBe(1);
    expect(OrderLine.create(PRODUCT, MAX_QUANTITY_PER_LINE, eur("1.00")).quantity).toBe(
      MAX_QUANTITY_PER_LINE,
    );
  });

  it.each(["0.00", "-0.01", "-12.50"])("refuses the unit price %s (it must be positive)", (amount) => {
    expect(codeOf(() => OrderLine.create(PRODUCT, 1, eur(amount)))).toBe("order.invalid_unit_price");
  });

  it("adds units at the price already on the line", () => {
    const line = OrderLine.create(PRODUCT, 2, eur("3.00")).withMoreUnits(5);
    expect(line.quantity).toBe(7);
    expect(line.unitPrice.equals(eur("3.00"))).toBe(true);
    expect(line.lineTotal.amount).toBe("21.00");
  });

  it("does not let added units take the line past the maximum", () => {
    const line = OrderLine.create(PRODUCT, MAX_QUANTITY_PER_LINE - 1, eur("1.00"));
    expect(line.withMoreUnits(1).quantity).toBe(MAX_QUANTITY_PER_LINE);
    expect(codeOf(() => line.withMoreUnits(2))).toBe("order.quantity_too_large");
  });

  it.each([0, -1, 0.5])("refuses to add %s units", (quantity) => {
    const line = OrderLine.create(PRODUCT, 5, eur("1.00"));
    expect(codeOf(() => line.withMoreUnits(quantity))).toBe("order.invalid_quantity");
  });

  it("is immutable: adding units returns a new line", () => {
    const line = OrderLine.create(PRODUCT, 2, eur("3.00"));
    line.withMoreUnits(1);
    expect(line.quantity).toBe(2);
  });
});
