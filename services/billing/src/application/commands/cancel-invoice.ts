import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import type { CancellationOutcome } from "../../domain/invoice.ts";
import { Uuid } from "../message-schemas.ts";
import type { InvoiceRepository } from "../ports.ts";

export interface InvoiceCancellation {
  invoiceId: string | null;
  outcome: CancellationOutcome | "no-invoice";
}

/** The order was cancelled: void its open invoice; a paid one is reported as needing a refund. */
export class CancelInvoiceForOrder extends Command<InvoiceCancellation> {
  static readonly schema = Type.Object({ orderId: Uuid }, { additionalProperties: false });

  constructor(readonly orderId: string) {
    super();
  }

  /** The invoice it voided, in the invoice's trail; the order when it had none. */
  override auditTarget(result?: InvoiceCancellation): string {
    return result?.invoiceId ?? this.orderId;
  }
}

export class CancelInvoiceForOrderHandler implements MessageHandler<CancelInvoiceForOrder> {
  constructor(private readonly invoices: InvoiceRepository) {}

  async handle(command: CancelInvoiceForOrder, context: MessageContext): Promise<InvoiceCancellation> {
    const invoice = await this.invoices.byOrder(command.orderId);
    // Cancelled before its stock was reserved: it was never invoiced, there is nothing to undo.
    if (!invoice) return { invoiceId: null, outcome: "no-invoice" };
    const outcome = invoice.cancelForOrder();
    if (outcome !== "already-closed") await this.invoices.save(invoice, context);
    return { invoiceId: invoice.id, outcome };
  }
}
