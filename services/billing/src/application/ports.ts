import type { MessageContext } from "@ecommerce/service-kit";
import type { Invoice } from "../domain/invoice.ts";
import type { InvoiceNumber } from "../domain/invoice-number.ts";

export interface InvoiceRepository {
  get(id: string): Promise<Invoice | undefined>;
  byOrder(orderId: string): Promise<Invoice | undefined>;
  /** Stores a new invoice with its events. Fails with a conflict if the order already has one. */
  add(invoice: Invoice, context: MessageContext): Promise<void>;
  /** Persists changes; fails with a concurrency conflict if someone saved a newer version first. */
  save(invoice: Invoice, context: MessageContext): Promise<void>;
}

/** Gapless numbering: the next number of the year, taken inside the transaction that stores the invoice. */
export interface InvoiceNumbers {
  next(year: number): Promise<InvoiceNumber>;
}
