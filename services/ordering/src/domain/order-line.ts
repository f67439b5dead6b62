import { DomainError, type Money } from "@ecommerce/domain-kernel";

export const MAX_QUANTITY_PER_LINE = 10_000;

/** One product on an order, at the price it had when it was ordered. */
export class OrderLine {
  private constructor(
    readonly productId: string,
    readonly quantity: number,
    readonly unitPrice: Money,
  ) {}

  static create(productId: string, quantity: number, unitPrice: Money): OrderLine {
    OrderLine.assertQuantity(quantity);
    if (!unitPrice.isPositive()) {
      throw new DomainError("order.invalid_unit_price", `unit price must be positive, got ${unitPrice}`);
    }
    return new OrderLine(productId, quantity, unitPrice);
  }

  private static assertQuantity(quantity: number): void {
    if (!Number.isInteger(quantity) || quantity <= 0) {
      throw new DomainError(
        "order.invalid_quantity",
        `quantity must be a whole number above 0, got ${quantity}`,
      );
    }
    if (quantity > MAX_QUANTITY_PER_LINE) {
      throw new DomainError(
        "order.quantity_too_large",
        `a line holds at most ${MAX_QUANTITY_PER_LINE} units, got ${quantity}`,
      );
    }
  }

  /** The same product ordered again: more units at the price already on the order. */
  withMoreUnits(quantity: number): OrderLine {
    OrderLine.assertQuantity(quantity); // the units added, not only the new total, must be a valid quantity
    return OrderLine.create(this.productId, this.quantity + quantity, this.unitPrice);
  }

  get lineTotal(): Money {
    return this.unitPrice.multiply(this.quantity);
  }
}
