import { DomainError, type Money } from "@ecommerce/domain-kernel";
import { OrderingErrors } from "./errors.ts";

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
      throw new DomainError(
        OrderingErrors.ORDER_INVALID_UNIT_PRICE,
        `unit price must be positive, got ${unitPrice}`,
      );
    }
    return new OrderLine(productId, quantity, unitPrice);
  }

  private static assertQuantity(quantity: number): void {
    if (!Number.isInteger(quantity) || quantity <= 0) {
      throw new DomainError(
        OrderingErrors.ORDER_INVALID_QUANTITY,
        `quantity must be a whole number above 0, got ${quantity}`,
      );
    }
    if (quantity > MAX_QUANTITY_PER_LINE) {
      throw new DomainError(
        OrderingErrors.ORDER_QUANTITY_TOO_LARGE,
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
