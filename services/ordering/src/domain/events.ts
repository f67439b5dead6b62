import type { DomainEvent, Money } from "@ecommerce/domain-kernel";
import type { OrderStatus } from "./order-status.ts";

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
  ) {
    super(orderId);
  }
}

export type OrderDomainEvent = OrderPlaced | OrderLineAdded | OrderConfirmed | OrderCancelled;
