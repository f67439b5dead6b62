import type { DomainEvent, Money } from "@ecommerce/domain-kernel";

abstract class InvoiceEvent implements DomainEvent {
  abstract readonly name: string;
  readonly occurredAt = new Date();
  constructor(
    readonly aggregateId: string,
    readonly orderId: string,
  ) {}
}

export class InvoiceIssued extends InvoiceEvent {
  readonly name = "InvoiceIssued";
  constructor(
    invoiceId: string,
    orderId: string,
    readonly number: string,
    readonly total: Money,
  ) {
    super(invoiceId, orderId);
  }
}

export class PaymentCaptured extends InvoiceEvent {
  readonly name = "PaymentCaptured";
  constructor(
    invoiceId: string,
    orderId: string,
    readonly amount: Money,
    readonly captureId: string,
  ) {
    super(invoiceId, orderId);
  }
}

export class PaymentDeclined extends InvoiceEvent {
  readonly name = "PaymentDeclined";
  constructor(
    invoiceId: string,
    orderId: string,
    readonly reason: string,
  ) {
    super(invoiceId, orderId);
  }
}

export class InvoiceVoided extends InvoiceEvent {
  readonly name = "InvoiceVoided";
}

export class PaymentRefunded extends InvoiceEvent {
  readonly name = "PaymentRefunded";
  constructor(
    invoiceId: string,
    orderId: string,
    readonly amount: Money,
    readonly refundId: string,
  ) {
    super(invoiceId, orderId);
  }
}
