import { DomainError } from "@ecommerce/domain-kernel";
import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { BillingErrors } from "../../domain/errors.ts";
import { Uuid } from "../message-schemas.ts";
import type { InvoiceDocument, InvoiceReadModel } from "./invoice-dto.ts";

export class GetInvoice extends Query<InvoiceDocument> {
  static readonly schema = Type.Object({ invoiceId: Uuid }, { additionalProperties: false });

  constructor(readonly invoiceId: string) {
    super();
  }
}

export class GetInvoiceHandler implements MessageHandler<GetInvoice> {
  constructor(private readonly readModel: InvoiceReadModel) {}

  async handle(query: GetInvoice): Promise<InvoiceDocument> {
    const invoice = await this.readModel.get(query.invoiceId);
    if (!invoice) throw invoiceNotFound(query.invoiceId);
    return invoice;
  }
}

/** The one answer for an invoice that is not there, or not the asking customer's (its existence is not disclosed). */
export function invoiceNotFound(invoiceId: string): DomainError {
  return new DomainError(BillingErrors.INVOICE_NOT_FOUND, `invoice ${invoiceId} does not exist`, "not-found");
}
