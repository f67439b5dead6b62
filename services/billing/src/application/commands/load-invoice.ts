import { DomainError } from "@ecommerce/domain-kernel";
import { BillingErrors } from "../../domain/errors.ts";
import type { Invoice } from "../../domain/invoice.ts";
import type { InvoiceRepository } from "../ports.ts";

export async function loadInvoice(invoices: InvoiceRepository, id: string): Promise<Invoice> {
  const invoice = await invoices.get(id);
  if (!invoice)
    throw new DomainError(BillingErrors.invoiceNotFound, `invoice ${id} does not exist`, "not-found");
  return invoice;
}
