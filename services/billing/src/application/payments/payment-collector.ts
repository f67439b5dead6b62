import type { Mediator } from "@ecommerce/service-kit";
import type { Logger } from "pino";
import { RecordPaymentOutcome } from "../commands/record-payment-outcome.ts";
import { RecordRefund } from "../commands/record-refund.ts";
import type { PaymentProvider } from "../payment-provider.ts";
import { type PaymentRetryPolicy, withPaymentRetries } from "../payment-retry-policy.ts";
import type { InvoiceRepository, PaymentLeases } from "../ports.ts";

export type CollectionOutcome = "captured" | "failed" | "refunded" | "settled" | "claimed-elsewhere";

/**
 * Talks to the payment provider between two transactions: no database transaction stays open while
 * the provider thinks. The invoice is leased first, so two instances do not call the provider for
 * the same invoice at once; and every call carries the invoice's own key, so even when a lease
 * lapses mid-call (or after a crash), the provider charges once and both callers learn the same
 * capture: the first to record it settles the invoice, the other finds it settled.
 */
export class PaymentCollector {
  constructor(
    private readonly mediator: Mediator,
    private readonly invoices: InvoiceRepository,
    private readonly leases: PaymentLeases,
    private readonly provider: PaymentProvider,
    private readonly policy: PaymentRetryPolicy,
    private readonly logger: Logger,
  ) {}

  /** The lease covers every retry, and a margin: only a dead holder's lease lapses. */
  get leaseMs(): number {
    return this.policy.deadlineMs + this.policy.callTimeoutMs + 5_000;
  }

  /** Charges or refunds the invoice if it is due and nobody else is on it. */
  async settle(invoiceId: string, alreadyClaimed = false): Promise<CollectionOutcome> {
    if (!alreadyClaimed && !(await this.leases.claim(invoiceId, this.leaseMs))) return "claimed-elsewhere";
    try {
      const invoice = await this.invoices.get(invoiceId);
      const outcome = invoice?.awaitsCharge
        ? await this.#charge(invoiceId)
        : invoice?.awaitsRefund
          ? await this.#refund(invoiceId)
          : "settled";
      // Done: whatever comes next for this invoice (a refund after a cancellation) may start now.
      // A refund the provider did not do keeps the lease, so it is retried after it, not at once.
      if (outcome !== "failed") await this.leases.release(invoiceId);
      return outcome;
    } catch (error) {
      // Retry soon rather than after the whole lease: the failure was ours or the database's.
      await this.leases.release(invoiceId).catch(() => undefined);
      throw error;
    }
  }

  async #charge(invoiceId: string): Promise<CollectionOutcome> {
    const invoice = (await this.invoices.get(invoiceId))!;
    const answer = await withPaymentRetries(this.policy, (signal) =>
      this.provider.charge(
        {
          idempotencyKey: invoice.chargeKey,
          token: invoice.paymentToken,
          amount: invoice.total,
          reference: invoice.number.toString(),
        },
        signal,
      ),
    );
    const result = !answer.ok
      ? ({ outcome: "failed", reason: answer.reason } as const)
      : answer.value.outcome === "captured"
        ? ({ outcome: "captured", captureId: answer.value.captureId } as const)
        : ({ outcome: "failed", reason: answer.value.reason } as const);
    if (answer.attempts > 1 || result.outcome === "failed")
      this.logger.warn(
        { invoiceId, attempts: answer.attempts, result },
        "payment needed more than one call or failed",
      );
    const recorded = await this.mediator.send(new RecordPaymentOutcome(invoiceId, result));
    return recorded === "already-settled" ? "settled" : result.outcome;
  }

  async #refund(invoiceId: string): Promise<CollectionOutcome> {
    const invoice = (await this.invoices.get(invoiceId))!;
    const captureId = invoice.captureId!;
    const answer = await withPaymentRetries(this.policy, (signal) =>
      this.provider.refund({ idempotencyKey: invoice.refundKey, captureId, amount: invoice.total }, signal),
    );
    // Not refunded yet: the lease lapses and the sweeper tries again; the money is still owed.
    if (!answer.ok) {
      this.logger.error({ invoiceId, reason: answer.reason }, "refund not done yet; it will be retried");
      return "failed";
    }
    await this.mediator.send(new RecordRefund(invoiceId, answer.value.refundId));
    return "refunded";
  }
}
