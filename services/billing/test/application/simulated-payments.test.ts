import { Money } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import type { PaymentProvider } from "../../src/application/payment-provider.ts";
import { type PaymentRetryPolicy, withPaymentRetries } from "../../src/application/payment-retry-policy.ts";
import {
  InMemoryLedger,
  SimulatedPaymentProvider,
} from "../../src/infrastructure/simulated-payment-provider.ts";

const fast: PaymentRetryPolicy = {
  callTimeoutMs: 50,
  firstDelayMs: 10,
  maxDelayMs: 40,
  maxAttempts: 4,
  deadlineMs: 2_000,
};

function charge(provider: PaymentProvider, token: string, key = `invoice-${token}-charge`) {
  return withPaymentRetries(fast, (signal) =>
    provider.charge(
      { idempotencyKey: key, token, amount: Money.of("10.00", "EUR"), reference: "INV-2026-000001" },
      signal,
    ),
  );
}

describe("the simulated provider behind the retry policy", () => {
  it("tok_ok is captured at the first attempt", async () => {
    const result = await charge(new SimulatedPaymentProvider(new InMemoryLedger()), "tok_ok");
    expect(result).toMatchObject({ ok: true, attempts: 1, value: { outcome: "captured" } });
  });

  it("tok_decline is declined for good, with the reason, and not retried", async () => {
    const ledger = new InMemoryLedger();
    const result = await charge(new SimulatedPaymentProvider(ledger), "tok_decline");
    expect(result).toMatchObject({
      ok: true,
      attempts: 1,
      value: { outcome: "declined", reason: /declined/ },
    });
    expect([...ledger.calls.values()]).toEqual([1]);
  });

  it("tok_transient fails twice, then is captured on the third call of the same key", async () => {
    const ledger = new InMemoryLedger();
    const result = await charge(new SimulatedPaymentProvider(ledger), "tok_transient");
    expect(result).toMatchObject({ ok: true, attempts: 3, value: { outcome: "captured" } });
    expect([...ledger.calls.entries()]).toEqual([["invoice-tok_transient-charge", 3]]);
  });

  it("tok_timeout never answers: each call times out, the retries stop, and it counts as a failure", async () => {
    const result = await charge(new SimulatedPaymentProvider(new InMemoryLedger()), "tok_timeout");
    expect(result).toEqual({
      ok: false,
      attempts: fast.maxAttempts,
      reason: "payment provider did not answer within 50 ms",
    });
  });

  it("stops at the deadline even when attempts remain", async () => {
    const result = await withPaymentRetries({ ...fast, maxAttempts: 100, deadlineMs: 200 }, (signal) =>
      new SimulatedPaymentProvider(new InMemoryLedger()).charge(
        { idempotencyKey: "k", token: "tok_timeout", amount: Money.of("1.00", "EUR"), reference: "r" },
        signal,
      ),
    );
    expect(result.ok).toBe(false);
    expect(result.attempts).toBeLessThan(100);
  });

  it("a repeated key charges once: the same capture comes back", async () => {
    const provider = new SimulatedPaymentProvider(new InMemoryLedger());
    const first = await charge(provider, "tok_ok", "invoice-1-charge");
    const again = await charge(provider, "tok_ok", "invoice-1-charge");
    const other = await charge(provider, "tok_ok", "invoice-2-charge");
    expect(first.ok && again.ok && first.value).toEqual(again.ok && again.value);
    expect(other.ok && other.value).not.toEqual(first.ok && first.value);
  });

  it("an error that is not the provider's is not retried", async () => {
    let calls = 0;
    await expect(
      withPaymentRetries(fast, async () => {
        calls++;
        throw new TypeError("bug");
      }),
    ).rejects.toThrow("bug");
    expect(calls).toBe(1);
  });
});
