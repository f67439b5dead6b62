import type { PaymentLeases } from "../application/ports.ts";
import type { Db } from "./database.ts";

const DUE = `((status = 'Open' AND failure_reason IS NULL) OR (status = 'Paid' AND refund_requested))`;

/** Leases in the invoice row itself (`next_attempt_at`), taken with one conditional UPDATE each. */
export class PrismaPaymentLeases implements PaymentLeases {
  constructor(private readonly db: Db) {}

  async claim(invoiceId: string, leaseMs: number): Promise<boolean> {
    const taken = await this.db.$executeRawUnsafe(
      `UPDATE invoices SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id = $1::uuid AND next_attempt_at <= now() AND ${DUE}`,
      invoiceId,
      leaseMs,
    );
    return taken === 1;
  }

  async claimDue(limit: number, leaseMs: number): Promise<string[]> {
    const rows = await this.db.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE invoices SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id IN (
         SELECT id FROM invoices WHERE next_attempt_at <= now() AND ${DUE}
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      limit,
      leaseMs,
    );
    return rows.map((r) => r.id);
  }

  async release(invoiceId: string): Promise<void> {
    await this.db.$executeRaw`UPDATE invoices SET next_attempt_at = now() WHERE id = ${invoiceId}::uuid`;
  }
}
