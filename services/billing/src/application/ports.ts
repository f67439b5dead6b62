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

/**
 * Who is talking to the provider about an invoice right now. A claim is a lease: it lapses on its
 * own, so an instance that died holding one delays the invoice by at most the lease, never forever.
 */
export interface PaymentLeases {
  /** Takes the invoice for `leaseMs` if nobody holds it; false when another instance does. */
  claim(invoiceId: string, leaseMs: number): Promise<boolean>;
  /** Takes up to `limit` invoices whose charge or refund is due and unclaimed. */
  claimDue(limit: number, leaseMs: number): Promise<string[]>;
  /** Gives the invoice back at once (its work is recorded, or failed and may be retried now). */
  release(invoiceId: string): Promise<void>;
}
