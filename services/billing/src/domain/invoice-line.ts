import { DomainError, type Money } from "@ecommerce/domain-kernel";
import { BillingErrors } from "./errors.ts";

/** What was sold: the order line as billed, at the price the order confirmed. */
export class InvoiceLine {
  private constructor(
    readonly productId: string,
    readonly quantity: number,
    readonly unitPrice: Money,
  ) {}

  static of(productId: string, quantity: number, unitPrice: Money): InvoiceLine {
    if (!Number.isSafeInteger(quantity) || quantity < 1)
      throw new DomainError(BillingErrors.INVALID_LINE, `quantity ${quantity} must be a positive integer`);
    if (unitPrice.isNegative())
      throw new DomainError(BillingErrors.INVALID_LINE, "a line's unit price cannot be negative");
    return new InvoiceLine(productId, quantity, unitPrice);
  }

  get net(): Money {
    return this.unitPrice.multiply(this.quantity);
  }
}
