import type { DomainEvent, Money } from "@ecommerce/domain-kernel";
import type { CancellationCause, OrderStatus } from "./order-status.ts";
import type { PaymentMethod } from "./payment-method.ts";
import type { ShippingAddress } from "./shipping-address.ts";

/** A line as the lifecycle's events carry it: what, how many, at what price. */
export interface EventLine {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPrice: Money;
}

abstract class OrderEvent implements DomainEvent {
  abstract readonly name: string;
  readonly occurredAt = new Date();
  constructor(readonly aggregateId: string) {}
}

export class OrderPlaced extends OrderEvent {
  readonly name = "OrderPlaced";
  constructor(
    orderId: string,
    readonly customerId: string,
    readonly currency: string,
  ) {
    super(orderId);
  }
}

export class OrderLineAdded extends OrderEvent {
  readonly name = "OrderLineAdded";
  constructor(
    orderId: string,
    readonly productId: string,
    readonly quantity: number,
    readonly unitPrice: Money,
  ) {
    super(orderId);
  }
}

export class OrderConfirmed extends OrderEvent {
  readonly name = "OrderConfirmed";
  constructor(
    orderId: string,
    readonly customerId: string,
    readonly lines: readonly EventLine[],
    readonly total: Money,
    readonly shippingAddress: ShippingAddress | null,
  ) {
    super(orderId);
  }
}

/** Billing invoices the lines (taxed by the address's country) and charges the payment method. */
export class OrderAwaitingPayment extends OrderEvent {
  readonly name = "OrderAwaitingPayment";
  constructor(
    orderId: string,
    readonly customerId: string,
    readonly total: Money,
    readonly lines: readonly EventLine[],
    readonly shippingAddress: ShippingAddress | null,
    readonly paymentMethod: PaymentMethod,
  ) {
    super(orderId);
  }
}

/** Shipping prepares a shipment of the lines to the address, as paid. */
export class OrderPaid extends OrderEvent {
  readonly name = "OrderPaid";
  constructor(
    orderId: string,
    readonly customerId: string,
    readonly total: Money,
    readonly lines: readonly EventLine[],
    readonly shippingAddress: ShippingAddress | null,
  ) {
    super(orderId);
  }
}

export class OrderShipped extends OrderEvent {
  readonly name = "OrderShipped";
}

export class OrderDelivered extends OrderEvent {
  readonly name = "OrderDelivered";
}

export class OrderCancelled extends OrderEvent {
  readonly name = "OrderCancelled";
  constructor(
    orderId: string,
    readonly customerId: string,
    readonly reason: string,
    readonly previousStatus: OrderStatus,
    readonly cause: CancellationCause,
  ) {
    super(orderId);
  }
}

export type OrderDomainEvent =
  | OrderPlaced
  | OrderLineAdded
  | OrderConfirmed
  | OrderAwaitingPayment
  | OrderPaid
  | OrderShipped
  | OrderDelivered
  | OrderCancelled;
