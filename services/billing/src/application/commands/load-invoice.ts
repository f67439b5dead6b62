import { DomainError } from "@ecommerce/domain-kernel";
import { type Command, loadOrThrow } from "@ecommerce/service-kit";
import { BillingErrors } from "../../domain/errors.ts";
import type { Invoice } from "../../domain/invoice.ts";
import type { InvoiceRepository } from "../ports.ts";

export function loadInvoice(
  invoices: InvoiceRepository,
  id: string,
  command: Command<unknown>,
): Promise<Invoice> {
  return loadOrThrow(
    (i) => invoices.get(i),
    id,
    command,
    (i) => new DomainError(BillingErrors.INVOICE_NOT_FOUND, `invoice ${i} does not exist`, "not-found"),
  );
}
