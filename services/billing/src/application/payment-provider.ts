import type { Money } from "@ecommerce/domain-kernel";

/** What billing asks of a payment provider (Stripe, Adyen, … or the simulated one in development). */
export interface PaymentProvider {
  /** Charges `amount` to the payment method behind `token`. Same `idempotencyKey`, same single charge. */
  charge(request: ChargeRequest, signal: AbortSignal): Promise<ChargeResult>;
  /** Returns a capture in full. Same `idempotencyKey`, same single refund. */
  refund(request: RefundRequest, signal: AbortSignal): Promise<RefundResult>;
}

export interface ChargeRequest {
  readonly idempotencyKey: string;
  readonly token: string;
  readonly amount: Money;
  /** The invoice number, shown on the customer's statement. */
  readonly reference: string;
}

export type ChargeResult =
  | { readonly outcome: "captured"; readonly captureId: string }
  | { readonly outcome: "declined"; readonly reason: string };

export interface RefundRequest {
  readonly idempotencyKey: string;
  readonly captureId: string;
  readonly amount: Money;
}

export interface RefundResult {
  readonly refundId: string;
}

/** The provider could not answer this time (network, 5xx, rate limit): the same call may succeed later. */
export class PaymentProviderUnavailable extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PaymentProviderUnavailable";
  }
}
