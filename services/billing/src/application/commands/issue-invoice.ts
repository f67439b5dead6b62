import { Money, newId } from "@ecommerce/domain-kernel";
import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Invoice } from "../../domain/invoice.ts";
import { InvoiceLine } from "../../domain/invoice-line.ts";
import type { TaxPolicy } from "../../domain/tax-policy.ts";
import { Country, InvoiceLineSchema, PaymentToken, Uuid } from "../message-schemas.ts";
import type { InvoiceNumbers, InvoiceRepository } from "../ports.ts";

export interface IssuedInvoice {
  invoiceId: string;
  /** False when the order already had its invoice (a redelivered event): nothing new was issued. */
  issued: boolean;
}

/** Invoices an order whose stock is reserved: its lines, taxed for the shipping country. */
export class IssueInvoice extends Command<IssuedInvoice> {
  /** The invoice once issued, so its trail starts here; the order when issuing was refused. */
  override auditTarget(result?: IssuedInvoice): string {
    return result?.invoiceId ?? this.orderId;
  }

  static readonly schema = Type.Object(
    {
      orderId: Uuid,
      customerId: Uuid,
      lines: Type.Array(InvoiceLineSchema, { minItems: 1, maxItems: 1000 }),
      country: Country,
      paymentToken: PaymentToken,
    },
    { additionalProperties: false },
  );

  constructor(
    readonly orderId: string,
    readonly customerId: string,
    readonly lines: {
      productId: string;
      quantity: number;
      unitPrice: { amount: string; currency: string };
    }[],
    readonly country: string,
    readonly paymentToken: string,
  ) {
    super();
  }
}

export class IssueInvoiceHandler implements MessageHandler<IssueInvoice> {
  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly numbers: InvoiceNumbers,
    private readonly taxes: TaxPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(command: IssueInvoice, context: MessageContext): Promise<IssuedInvoice> {
    const existing = await this.invoices.byOrder(command.orderId);
    if (existing) return { invoiceId: existing.id, issued: false };
    const issuedAt = this.now();
    const invoice = Invoice.issue({
      id: newId(),
      number: await this.numbers.next(issuedAt.getUTCFullYear()),
      orderId: command.orderId,
      customerId: command.customerId,
      lines: command.lines.map((l) => InvoiceLine.of(l.productId, l.quantity, Money.fromJSON(l.unitPrice))),
      country: command.country,
      taxRate: this.taxes.rateFor(command.country),
      paymentToken: command.paymentToken,
      issuedAt,
    });
    await this.invoices.add(invoice, context);
    return { invoiceId: invoice.id, issued: true };
  }
}
