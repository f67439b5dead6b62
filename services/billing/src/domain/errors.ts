/**
 * Billing's error codes. Stable: clients, dead-letter reasons and tests rely on them; the messages
 * beside them are for people and may change.
 */
export const BillingErrors = {
  /** A tax rate is not a decimal in [0, 1) with at most six decimals. */
  INVALID_TAX_RATE: "billing.invalid_tax_rate",
  /** A country code is not two upper-case letters (ISO 3166-1 alpha-2). */
  INVALID_COUNTRY: "billing.invalid_country",
  /** An invoice needs at least one line. */
  NO_LINES: "billing.invoice_without_lines",
  /** A line's quantity is not a positive integer, or its price is negative. */
  INVALID_LINE: "billing.invalid_invoice_line",
  /** Every line of an invoice is in one currency. */
  CURRENCY_MISMATCH: "billing.currency_mismatch",
  /** An invoice number's year or sequence is out of range. */
  INVALID_INVOICE_NUMBER: "billing.invalid_invoice_number",
  /** The payment outcome arrived for an invoice that is no longer open. */
  INVOICE_NOT_OPEN: "billing.invoice_not_open",
  /** A refund was recorded for an invoice that was never paid. */
  INVOICE_NOT_PAID: "billing.invoice_not_paid",
  /** An OrderAwaitingPayment without its lines (from a publisher older than them) cannot be invoiced. */
  ORDER_DETAILS_MISSING: "billing.order_details_missing",
  /** A list of invoices needs an orderId or a customerId. */
  INVOICE_FILTER_REQUIRED: "billing.invoice_filter_required",
  /** The order already has its invoice (one per order). */
  INVOICE_EXISTS: "billing.invoice_exists",
  /** No invoice with that id (or not visible to the caller). */
  INVOICE_NOT_FOUND: "billing.invoice_not_found",
} as const;

export type BillingErrorCode = (typeof BillingErrors)[keyof typeof BillingErrors];
