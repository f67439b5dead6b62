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

/** A customer may cancel until the order has left the warehouse. */
export function isCancellable(status: OrderStatus): boolean {
  return (
    status !== OrderStatus.Shipped && status !== OrderStatus.Delivered && status !== OrderStatus.Cancelled
  );
}

/** Why an order was cancelled: by its customer, or by the lifecycle (no stock, failed payment). */
export type CancellationCause = "customer-request" | "out-of-stock" | "payment-failed";
