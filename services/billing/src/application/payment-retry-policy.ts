import { PaymentProviderUnavailable } from "./payment-provider.ts";

/**
 * How long billing keeps trying a provider that does not answer: each call may take `callTimeoutMs`;
 * retries wait `firstDelayMs`, doubling up to `maxDelayMs` (with ±25 % jitter so instances do not retry
 * in step), and nothing starts after `deadlineMs` from the first attempt.
 */
export interface PaymentRetryPolicy {
  readonly callTimeoutMs: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  readonly deadlineMs: number;
}

export const defaultPaymentRetryPolicy: PaymentRetryPolicy = {
  callTimeoutMs: 5_000,
  firstDelayMs: 200,
  maxDelayMs: 2_000,
  maxAttempts: 4,
  deadlineMs: 20_000,
};

export type Attempted<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly reason: string; readonly attempts: number };

/**
 * Calls the provider until it answers, retrying only what may succeed later (unavailable or timed
 * out). The call is the same each time, idempotency key included, so a retry never charges twice.
 */
export async function withPaymentRetries<T>(
  policy: PaymentRetryPolicy,
  call: (signal: AbortSignal) => Promise<T>,
  random: () => number = Math.random,
): Promise<Attempted<T>> {
  const started = Date.now();
  let lastReason = "payment provider unavailable";
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    try {
      const value = await call(AbortSignal.timeout(policy.callTimeoutMs));
      return { ok: true, value, attempts: attempt };
    } catch (error) {
      if (isTimeout(error)) lastReason = `payment provider did not answer within ${policy.callTimeoutMs} ms`;
      else if (error instanceof PaymentProviderUnavailable)
        lastReason = `payment provider unavailable: ${error.message}`;
      else throw error;
    }
    const delay =
      Math.min(policy.firstDelayMs * 2 ** (attempt - 1), policy.maxDelayMs) * (0.75 + random() * 0.5);
    if (attempt === policy.maxAttempts || Date.now() - started + delay >= policy.deadlineMs) {
      return { ok: false, reason: lastReason, attempts: attempt };
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return { ok: false, reason: lastReason, attempts: policy.maxAttempts };
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
}
