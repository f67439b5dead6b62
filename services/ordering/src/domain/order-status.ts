/** Where an order is in its life; ordering owns this status for the whole fleet. */
export const OrderStatus = {
  Pending: "Pending",
  Confirmed: "Confirmed",
  AwaitingPayment: "AwaitingPayment",
  Paid: "Paid",
  Shipped: "Shipped",
  Delivered: "Delivered",
  Cancelled: "Cancelled",
} as const;

export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export const ORDER_STATUSES = Object.values(OrderStatus) as OrderStatus[];

/**
 * The lifecycle, as a table: the statuses an order may move to from each status. The aggregate's
 * transitions enforce it (each with its own refusal code); this is the picture, and what tests check.
 */
export const NEXT_STATUSES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  Pending: [OrderStatus.Confirmed, OrderStatus.Cancelled],
  Confirmed: [OrderStatus.AwaitingPayment, OrderStatus.Cancelled],
  AwaitingPayment: [OrderStatus.Paid, OrderStatus.Cancelled],
  Paid: [OrderStatus.Shipped, OrderStatus.Cancelled],
  Shipped: [OrderStatus.Delivered],
  Delivered: [],
  Cancelled: [],
};

/**
 * A customer may cancel until the order has left the warehouse. Shipped is reached on shipping's
 * ShipmentDispatched, the event on which catalog turns the reservation into a stock decrement: the
 * two contexts agree on when an order can no longer be cancelled.
 */
export function isCancellable(status: OrderStatus): boolean {
  return NEXT_STATUSES[status].includes(OrderStatus.Cancelled);
}

/** Why an order was cancelled: by its customer, or by the lifecycle (no stock, failed payment). */
export type CancellationCause = "customer-request" | "out-of-stock" | "payment-failed";
