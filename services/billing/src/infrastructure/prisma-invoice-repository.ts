import { DomainError, Money } from "@ecommerce/domain-kernel";
import { IntegrationOutbox } from "@ecommerce/messaging";
import { ConcurrencyConflict, isUniqueViolation, type MessageContext } from "@ecommerce/service-kit";
import type { InvoiceRepository } from "../application/ports.ts";
import { BillingErrors } from "../domain/errors.ts";
import { Invoice } from "../domain/invoice.ts";
import { InvoiceLine } from "../domain/invoice-line.ts";
import { InvoiceNumber } from "../domain/invoice-number.ts";
import type { InvoiceStatus } from "../domain/invoice-status.ts";
import { TaxRate } from "../domain/tax-rate.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { billingIntegrationEvents } from "./billing-integration-events.ts";
import type { BillingUnitOfWork, Db, Tx } from "./database.ts";
import { toInvoiceDocument } from "./invoice-document.ts";

type InvoiceRow = Prisma.InvoiceGetPayload<{ include: { lines: true } }>;

/**
 * Saves the invoice with optimistic concurrency, refreshes its read-model row and writes its
 * integration events to the outbox, all in the command's transaction.
 */
export class PrismaInvoiceRepository implements InvoiceRepository {
  readonly #outbox = new IntegrationOutbox(billingIntegrationEvents);

  constructor(
    private readonly db: Db,
    private readonly uow: BillingUnitOfWork,
  ) {}

  async get(id: string): Promise<Invoice | undefined> {
    const row = await this.uow
      .currentOr(this.db)
      .invoice.findUnique({ where: { id }, include: { lines: { orderBy: { position: "asc" } } } });
    return row ? restore(row) : undefined;
  }

  async byOrder(orderId: string): Promise<Invoice | undefined> {
    const row = await this.uow
      .currentOr(this.db)
      .invoice.findUnique({ where: { orderId }, include: { lines: { orderBy: { position: "asc" } } } });
    return row ? restore(row) : undefined;
  }

  async add(invoice: Invoice, context: MessageContext): Promise<void> {
    const tx = this.uow.current();
    const s = invoice.snapshot;
    try {
      await tx.invoice.create({
        data: {
          id: invoice.id,
          year: s.number.year,
          sequence: s.number.sequence,
          orderId: s.orderId,
          customerId: s.customerId,
          country: s.country,
          taxRate: s.taxRate.toString(),
          currency: invoice.currency,
          paymentToken: s.paymentToken,
          issuedAt: s.issuedAt,
          ...state(invoice),
          version: 1,
          lines: {
            create: s.lines.map((l, position) => ({
              position,
              productId: l.productId,
              quantity: l.quantity,
              unitPrice: l.unitPrice.amount,
            })),
          },
        },
      });
    } catch (error) {
      if (isUniqueViolation(error, "invoices_order_id_key"))
        throw new DomainError(
          BillingErrors.INVOICE_EXISTS,
          `order ${s.orderId} is already invoiced`,
          "conflict",
        );
      throw error;
    }
    await this.#afterWrite(tx, invoice, 1, context);
  }

  async save(invoice: Invoice, context: MessageContext): Promise<void> {
    const tx = this.uow.current();
    const next = invoice.version + 1;
    const { count } = await tx.invoice.updateMany({
      where: { id: invoice.id, version: invoice.version },
      data: { ...state(invoice), version: next },
    });
    if (count === 0) {
      const current = await tx.invoice.findUnique({ where: { id: invoice.id }, select: { version: true } });
      throw new ConcurrencyConflict("invoice", invoice.id, current?.version);
    }
    await this.#afterWrite(tx, invoice, next, context);
  }

  async #afterWrite(tx: Tx, invoice: Invoice, version: number, context: MessageContext): Promise<void> {
    const document = toInvoiceDocument(invoice, version) as unknown as Prisma.InputJsonObject;
    const view = { document, version };
    await tx.invoiceView.upsert({
      where: { id: invoice.id },
      create: { id: invoice.id, orderId: invoice.orderId, customerId: invoice.snapshot.customerId, ...view },
      update: view,
    });
    await this.#outbox.write(tx, invoice, version, context);
    invoice.markSaved(version);
  }
}

function state(invoice: Invoice) {
  const s = invoice.snapshot;
  return {
    status: s.status,
    captureId: s.captureId,
    failureReason: s.failureReason,
    refundRequested: s.refundRequested,
  };
}

function restore(row: InvoiceRow): Invoice {
  return Invoice.restore(
    {
      id: row.id,
      number: InvoiceNumber.of(row.year, row.sequence),
      orderId: row.orderId,
      customerId: row.customerId,
      lines: row.lines.map((l) =>
        InvoiceLine.of(l.productId, l.quantity, Money.of(l.unitPrice.toString(), row.currency)),
      ),
      country: row.country,
      taxRate: TaxRate.of(row.taxRate.toString()),
      paymentToken: row.paymentToken,
      status: row.status as InvoiceStatus,
      captureId: row.captureId,
      failureReason: row.failureReason,
      refundRequested: row.refundRequested,
      issuedAt: row.issuedAt,
    },
    row.version,
  );
}
