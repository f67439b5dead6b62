import { AggregateRoot, DomainError, Money } from "@ecommerce/domain-kernel";
import { BillingErrors } from "./errors.ts";
import { InvoiceIssued, InvoiceVoided, PaymentCaptured, PaymentDeclined, PaymentRefunded } from "./events.ts";
import type { InvoiceLine } from "./invoice-line.ts";
import type { InvoiceNumber } from "./invoice-number.ts";
import { InvoiceStatus } from "./invoice-status.ts";
import type { TaxRate } from "./tax-rate.ts";

export interface InvoiceSnapshot {
  id: string;
  number: InvoiceNumber;
  orderId: string;
  customerId: string;
  lines: readonly InvoiceLine[];
  country: string;
  taxRate: TaxRate;
  /** The payment method the client chose when ordering; what the provider charges. */
  paymentToken: string;
  status: InvoiceStatus;
  /** Set once the provider captured the charge; the refund returns exactly this. */
  captureId: string | null;
  failureReason: string | null;
  /** The order was cancelled after the capture: the money must go back. */
  refundRequested: boolean;
  issuedAt: Date;
}

export interface IssueInvoice {
  id: string;
  number: InvoiceNumber;
  orderId: string;
  customerId: string;
  lines: readonly InvoiceLine[];
  country: string;
  taxRate: TaxRate;
  paymentToken: string;
  issuedAt?: Date;
}

/** What cancelling the order means for this invoice. */
export type CancellationOutcome = "voided" | "refund-needed" | "already-closed";

/**
 * The bill for one order: its lines, the tax for the shipping country and the total to charge.
 * It is charged at most once: a capture closes it as Paid, and only a Paid invoice can be
 * refunded. Cancelling the order voids an invoice nobody paid.
 */
export class Invoice extends AggregateRoot {
  #s: InvoiceSnapshot;

  private constructor(snapshot: InvoiceSnapshot, version: number) {
    super(snapshot.id, version);
    this.#s = { ...snapshot, lines: [...snapshot.lines] };
  }

  static issue(input: IssueInvoice): Invoice {
    const [first, ...rest] = input.lines;
    if (!first) throw new DomainError(BillingErrors.NO_LINES, "an invoice needs at least one line");
    const currency = first.unitPrice.currency;
    if (rest.some((line) => line.unitPrice.currency !== currency))
      throw new DomainError(BillingErrors.CURRENCY_MISMATCH, `every line must be in ${currency}`);
    const invoice = new Invoice(
      {
        ...input,
        status: InvoiceStatus.Open,
        captureId: null,
        failureReason: null,
        refundRequested: false,
        issuedAt: input.issuedAt ?? new Date(),
      },
      0,
    );
    invoice.raise(new InvoiceIssued(input.id, input.orderId, input.number.toString(), invoice.total));
    return invoice;
  }

  static restore(snapshot: InvoiceSnapshot, version: number): Invoice {
    return new Invoice(snapshot, version);
  }

  get snapshot(): Readonly<InvoiceSnapshot> {
    return this.#s;
  }

  get status(): InvoiceStatus {
    return this.#s.status;
  }

  get orderId(): string {
    return this.#s.orderId;
  }

  get number(): InvoiceNumber {
    return this.#s.number;
  }

  get paymentToken(): string {
    return this.#s.paymentToken;
  }

  get captureId(): string | null {
    return this.#s.captureId;
  }

  get currency(): string {
    return this.#s.lines[0]!.unitPrice.currency;
  }

  get net(): Money {
    return this.#s.lines.reduce((sum, line) => sum.add(line.net), Money.zero(this.currency));
  }

  get tax(): Money {
    return this.#s.taxRate.taxOn(this.net);
  }

  get total(): Money {
    return this.net.add(this.tax);
  }

  /**
   * The key every call to the payment provider carries for this invoice's charge: the same on every
   * retry and every redelivery, so the provider charges it once.
   */
  get chargeKey(): string {
    return `invoice-${this.id}-charge`;
  }

  get refundKey(): string {
    return `invoice-${this.id}-refund`;
  }

  /** Paid, and the order was cancelled since: the capture must be refunded. */
  get awaitsRefund(): boolean {
    return this.#s.status === InvoiceStatus.Paid && this.#s.refundRequested;
  }

  /** Worth charging: open and not already refused by the provider. */
  get awaitsCharge(): boolean {
    return this.#s.status === InvoiceStatus.Open && this.#s.failureReason === null;
  }

  recordCapture(captureId: string): void {
    this.assertOpen("record a capture");
    this.#s.status = InvoiceStatus.Paid;
    this.#s.captureId = captureId;
    this.raise(new PaymentCaptured(this.id, this.#s.orderId, this.total, captureId));
  }

  /** The provider refused for good; the invoice stays open until the order is cancelled. */
  recordDecline(reason: string): void {
    this.assertOpen("record a declined payment");
    if (this.#s.failureReason !== null) return;
    this.#s.failureReason = reason;
    this.raise(new PaymentDeclined(this.id, this.#s.orderId, reason));
  }

  /** The order was cancelled: void what was not paid; a paid invoice needs a refund first. */
  cancelForOrder(): CancellationOutcome {
    switch (this.#s.status) {
      case InvoiceStatus.Open:
        this.#s.status = InvoiceStatus.Void;
        this.raise(new InvoiceVoided(this.id, this.#s.orderId));
        return "voided";
      case InvoiceStatus.Paid:
        this.#s.refundRequested = true;
        return "refund-needed";
      default:
        return "already-closed";
    }
  }

  recordRefund(refundId: string): void {
    if (this.#s.status !== InvoiceStatus.Paid)
      throw new DomainError(
        BillingErrors.INVOICE_NOT_PAID,
        `invoice ${this.#s.number} is ${this.#s.status}: only a paid invoice can be refunded`,
        "illegal-state",
      );
    this.#s.status = InvoiceStatus.Refunded;
    this.raise(new PaymentRefunded(this.id, this.#s.orderId, this.total, refundId));
  }

  private assertOpen(action: string): void {
    if (this.#s.status !== InvoiceStatus.Open)
      throw new DomainError(
        BillingErrors.INVOICE_NOT_OPEN,
        `cannot ${action}: invoice ${this.#s.number} is ${this.#s.status}`,
        "illegal-state",
      );
  }
}
