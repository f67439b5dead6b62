import type { InvoiceDocument } from "../application/queries/invoice-dto.ts";
import type { Invoice } from "../domain/invoice.ts";

export function toInvoiceDocument(invoice: Invoice, version: number): InvoiceDocument {
  const s = invoice.snapshot;
  return {
    id: invoice.id,
    number: s.number.toString(),
    orderId: s.orderId,
    customerId: s.customerId,
    status: s.status,
    lines: s.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: l.unitPrice.toJSON(),
      net: l.net.toJSON(),
    })),
    country: s.country,
    taxRate: s.taxRate.toString(),
    net: invoice.net.toJSON(),
    tax: invoice.tax.toJSON(),
    total: invoice.total.toJSON(),
    failureReason: s.failureReason,
    issuedAt: s.issuedAt.toISOString(),
    version,
  };
}
