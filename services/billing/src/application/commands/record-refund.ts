import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { InvoiceStatus } from "../../domain/invoice-status.ts";
import { Uuid } from "../message-schemas.ts";
import type { InvoiceRepository } from "../ports.ts";
import { loadInvoice } from "./load-invoice.ts";

/** The provider returned a paid invoice's capture: the invoice closes as Refunded. Once. */
export class RecordRefund extends Command<"recorded" | "already-refunded"> {
  static readonly schema = Type.Object(
    { invoiceId: Uuid, refundId: Type.String({ minLength: 1, maxLength: 200 }) },
    { additionalProperties: false },
  );

  constructor(
    readonly invoiceId: string,
    readonly refundId: string,
  ) {
    super();
  }
}

export class RecordRefundHandler implements MessageHandler<RecordRefund> {
  constructor(private readonly invoices: InvoiceRepository) {}

  async handle(command: RecordRefund, context: MessageContext): Promise<"recorded" | "already-refunded"> {
    const invoice = await loadInvoice(this.invoices, command.invoiceId, command);
    if (invoice.status === InvoiceStatus.Refunded) return "already-refunded";
    invoice.recordRefund(command.refundId);
    await this.invoices.save(invoice, context);
    return "recorded";
  }
}
