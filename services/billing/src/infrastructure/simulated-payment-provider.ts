import { randomUUID } from "node:crypto";
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
  PaymentProviderUnavailable,
  type RefundRequest,
  type RefundResult,
} from "../application/payment-provider.ts";

/**
 * Where the simulated provider keeps what it did, by idempotency key: in memory for unit tests, in a
 * table of billing's database for the running service, so that every billing instance sees the same
 * provider, as with a real one.
 */
export interface SimulatedLedger {
  /** Counts one more call for the key and returns the count (1 for the first). */
  countCall(key: string): Promise<number>;
  /** The result first recorded for the key, or this one if none was. */
  recordOnce<T extends object>(key: string, result: T): Promise<T>;
}

export class InMemoryLedger implements SimulatedLedger {
  readonly calls = new Map<string, number>();
  readonly results = new Map<string, object>();

  async countCall(key: string): Promise<number> {
    const count = (this.calls.get(key) ?? 0) + 1;
    this.calls.set(key, count);
    return count;
  }

  async recordOnce<T extends object>(key: string, result: T): Promise<T> {
    if (!this.results.has(key)) this.results.set(key, result);
    return this.results.get(key) as T;
  }
}

/**
 * The development payment provider: deterministic outcomes by the token the client gave.
 * `tok_ok` is captured; `tok_decline` is declined; `tok_transient` is unavailable on its first two
 * calls, then captured; `tok_timeout` never answers (only the caller's timeout ends the call).
 * Unknown tokens are declined, as a real provider declines a token it never issued.
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  constructor(private readonly ledger: SimulatedLedger) {}

  async charge(request: ChargeRequest, signal: AbortSignal): Promise<ChargeResult> {
    const calls = await this.ledger.countCall(request.idempotencyKey);
    switch (request.token) {
      case "tok_ok":
        return this.ledger.recordOnce<ChargeResult>(request.idempotencyKey, {
          outcome: "captured",
          captureId: `cap_${randomUUID()}`,
        });
      case "tok_transient":
        if (calls <= 2) throw new PaymentProviderUnavailable(`simulated outage (call ${calls} of 2)`);
        return this.ledger.recordOnce<ChargeResult>(request.idempotencyKey, {
          outcome: "captured",
          captureId: `cap_${randomUUID()}`,
        });
      case "tok_timeout":
        return neverAnswers(signal);
      case "tok_decline":
        return this.ledger.recordOnce<ChargeResult>(request.idempotencyKey, {
          outcome: "declined",
          reason: "card declined by the issuer",
        });
      default:
        return { outcome: "declined", reason: `unknown payment token` };
    }
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    return this.ledger.recordOnce<RefundResult>(request.idempotencyKey, { refundId: `ref_${randomUUID()}` });
  }
}

function neverAnswers(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
