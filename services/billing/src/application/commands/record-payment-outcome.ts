import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Reason, Uuid } from "../message-schemas.ts";
import type { InvoiceRepository } from "../ports.ts";
import { loadInvoice } from "./load-invoice.ts";

export type PaymentOutcome =
  | { outcome: "captured"; captureId: string }
  | { outcome: "failed"; reason: string };

/**
 * What the provider answered for an invoice's charge. A second answer for the same invoice (another
 * instance charged it with the same key, or the event was redelivered) changes nothing: the first
 * one recorded is the invoice's.
 */
export class RecordPaymentOutcome extends Command<"recorded" | "already-settled"> {
  static readonly schema = Type.Object(
    {
      invoiceId: Uuid,
      result: Type.Union([
        Type.Object({
          outcome: Type.Literal("captured"),
          captureId: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        Type.Object({ outcome: Type.Literal("failed"), reason: Reason }),
      ]),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly invoiceId: string,
    readonly result: PaymentOutcome,
  ) {
    super();
  }
}

export class RecordPaymentOutcomeHandler implements MessageHandler<RecordPaymentOutcome> {
  constructor(private readonly invoices: InvoiceRepository) {}

  async handle(
    command: RecordPaymentOutcome,
    context: MessageContext,
  ): Promise<"recorded" | "already-settled"> {
    const invoice = await loadInvoice(this.invoices, command.invoiceId, command);
    if (!invoice.awaitsCharge) return "already-settled";
    if (command.result.outcome === "captured") invoice.recordCapture(command.result.captureId);
    else invoice.recordDecline(command.result.reason);
    await this.invoices.save(invoice, context);
    return "recorded";
  }
}
