import type { Mediator } from "@ecommerce/service-kit";
import type { Logger } from "pino";
import { RecordPaymentOutcome } from "../commands/record-payment-outcome.ts";
import { RecordRefund } from "../commands/record-refund.ts";
import type { PaymentProvider } from "../payment-provider.ts";
import { type PaymentRetryPolicy, withPaymentRetries } from "../payment-retry-policy.ts";
import type { InvoiceRepository } from "../ports.ts";

/**
 * Talks to the payment provider between two transactions: no database transaction stays open while
 * the provider thinks. Every call carries the invoice's own key, so when two instances (or a
 * redelivery after a crash) charge the same invoice, the provider charges once and both learn the
 * same capture; the first to record it settles the invoice, the other finds it settled.
 */
export class PaymentCollector {
  constructor(
    private readonly mediator: Mediator,
    private readonly invoices: InvoiceRepository,
    private readonly provider: PaymentProvider,
    private readonly policy: PaymentRetryPolicy,
    private readonly logger: Logger,
  ) {}

  async collect(invoiceId: string): Promise<"captured" | "failed" | "already-settled"> {
    const invoice = await this.invoices.get(invoiceId);
    if (!invoice?.awaitsCharge) return "already-settled";
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
      this.logger.warn({ invoiceId, attempts: answer.attempts, outcome: result }, "payment needed attention");
    const recorded = await this.mediator.send(new RecordPaymentOutcome(invoiceId, result));
    return recorded === "already-settled" ? recorded : result.outcome;
  }

  /** Returns a paid invoice's capture. Throws while the provider cannot answer, so the event is retried. */
  async refund(invoiceId: string): Promise<void> {
    const invoice = await this.invoices.get(invoiceId);
    if (!invoice?.awaitsRefund || !invoice.captureId) return;
    const captureId = invoice.captureId;
    const answer = await withPaymentRetries(this.policy, (signal) =>
      this.provider.refund({ idempotencyKey: invoice.refundKey, captureId, amount: invoice.total }, signal),
    );
    if (!answer.ok) throw new Error(`refund of invoice ${invoiceId} not done yet: ${answer.reason}`);
    await this.mediator.send(new RecordRefund(invoiceId, answer.value.refundId));
  }
}
