import { DomainError, ValueObject } from "@ecommerce/domain-kernel";
import { BillingErrors } from "./errors.ts";

/**
 * `INV-2026-000001`: the year the invoice was issued and its place in that year's sequence. The
 * sequence has no gaps (the law in most countries); the repository allocates it in the transaction
 * that stores the invoice, so a rolled-back issue gives its number back.
 */
export class InvoiceNumber extends ValueObject<{ year: number; sequence: number }> {
  static of(year: number, sequence: number): InvoiceNumber {
    if (!Number.isInteger(year) || year < 2000 || year > 9999)
      throw new DomainError(BillingErrors.INVALID_INVOICE_NUMBER, `year ${year} is out of range`);
    if (!Number.isSafeInteger(sequence) || sequence < 1)
      throw new DomainError(BillingErrors.INVALID_INVOICE_NUMBER, `sequence ${sequence} must be 1 or more`);
    return new InvoiceNumber({ year, sequence });
  }

  static parse(text: string): InvoiceNumber {
    const match = /^INV-(\d{4})-(\d{6,})$/.exec(text);
    if (!match)
      throw new DomainError(BillingErrors.INVALID_INVOICE_NUMBER, `"${text}" is not an invoice number`);
    return InvoiceNumber.of(Number(match[1]), Number(match[2]));
  }

  get year(): number {
    return this.props.year;
  }

  get sequence(): number {
    return this.props.sequence;
  }

  override toString(): string {
    return `INV-${this.props.year}-${String(this.props.sequence).padStart(6, "0")}`;
  }
}
