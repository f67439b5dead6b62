import type { InvoiceNumbers } from "../application/ports.ts";
import { InvoiceNumber } from "../domain/invoice-number.ts";
import type { BillingUnitOfWork } from "./database.ts";

/**
 * Gapless numbers: one counter row per year, incremented inside the transaction that stores the
 * invoice. The row lock serialises concurrent issues of the same year; a rollback returns the number.
 */
export class PrismaInvoiceNumbers implements InvoiceNumbers {
  constructor(private readonly uow: BillingUnitOfWork) {}

  async next(year: number): Promise<InvoiceNumber> {
    const rows = await this.uow.current().$queryRaw<{ last: number }[]>`
      INSERT INTO invoice_sequences (year, last) VALUES (${year}, 1)
      ON CONFLICT (year) DO UPDATE SET last = invoice_sequences.last + 1
      RETURNING last`;
    return InvoiceNumber.of(year, rows[0]!.last);
  }
}
