import type { DomainEvent, Money } from "@ecommerce/domain-kernel";
import type { CancellationCause, OrderStatus } from "./order-status.ts";
import type { ShippingAddress } from "./shipping-address.ts";

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
    readonly lines: readonly { productId: string; quantity: number; unitPrice: Money }[],
    readonly total: Money,
    readonly shippingAddress: ShippingAddress | null,
  ) {
    super(orderId);
  }
}

export class OrderAwaitingPayment extends OrderEvent {
  readonly name = "OrderAwaitingPayment";
  constructor(
    orderId: string,
    readonly customerId: string,
    readonly total: Money,
  ) {
    super(orderId);
  }
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
  | OrderCancelled;
