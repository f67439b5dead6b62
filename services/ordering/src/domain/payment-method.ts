import { DomainError } from "@ecommerce/domain-kernel";
import { OrderingErrors } from "./errors.ts";

/**
 * How the customer pays: the payment provider's token for a method the client set up with it (never
 * a card number). Ordering only keeps it and hands it to billing with the order awaiting payment.
 */
export interface PaymentMethod {
  readonly token: string;
}

/** The token's shape, as a JSON Schema pattern too (the contracts' PaymentToken). */
export const PAYMENT_TOKEN_PATTERN = "^[A-Za-z0-9_-]{1,100}$";
const PAYMENT_TOKEN = new RegExp(PAYMENT_TOKEN_PATTERN);

/** An order placed without a payment method pays with the development provider's succeeding token. */
export const DEFAULT_PAYMENT_METHOD: PaymentMethod = Object.freeze({ token: "tok_ok" });

export function paymentMethod(token: string): PaymentMethod {
  if (!PAYMENT_TOKEN.test(token)) {
    throw new DomainError(
      OrderingErrors.ORDER_INVALID_PAYMENT_METHOD,
      'a payment token is 1-100 letters, digits, "_" or "-"',
    );
  }
  return Object.freeze({ token });
}
