/** Open until the charge succeeds (Paid) or the order is cancelled (Void before a capture, Refunded after). */
export const InvoiceStatus = {
  Open: "Open",
  Paid: "Paid",
  Void: "Void",
  Refunded: "Refunded",
} as const;
export type InvoiceStatus = (typeof InvoiceStatus)[keyof typeof InvoiceStatus];
