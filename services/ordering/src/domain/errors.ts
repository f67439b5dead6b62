/**
 * Ordering's error codes. Each is stable: clients and tests rely on it (a problem's `code`), so a
 * code is never renamed or reused; a new refusal gets a new code here. The HTTP edge maps the
 * error's kind (invalid, illegal-state, conflict, not-found) to a status; nothing here knows HTTP.
 */
export const OrderingErrors = {
  /**
   * The order is cancelled already: it cannot be cancelled again, nor paid, shipped or delivered (a
   * dead letter with this reason on a shipment event means a parcel left for a cancelled order).
   */
  ORDER_ALREADY_CANCELLED: "order.already_cancelled",
  /** The order has been shipped (or delivered): it can no longer be cancelled. */
  ORDER_ALREADY_SHIPPED: "order.already_shipped",
  /** A line is priced in another currency than the order's. */
  ORDER_CURRENCY_MISMATCH: "order.currency_mismatch",
  /** The buyer is deactivated and cannot place orders. */
  ORDER_CUSTOMER_INACTIVE: "order.customer_inactive",
  /** An order without lines cannot be confirmed. */
  ORDER_EMPTY: "order.empty",
  /** A shipping address field is empty, too long, or the country is not ISO 3166-1 alpha-2. */
  ORDER_INVALID_ADDRESS: "order.invalid_address",
  /** Adding the line would take the order's total past the largest amount Money holds. */
  ORDER_TOTAL_TOO_LARGE: "order.total_too_large",
  /** A payment token is not 1-100 letters, digits, "_" or "-". */
  ORDER_INVALID_PAYMENT_METHOD: "order.invalid_payment_method",
  /** A quantity is not a whole number above 0. */
  ORDER_INVALID_QUANTITY: "order.invalid_quantity",
  /** A cancellation reason is missing, too long or holds control characters. */
  ORDER_INVALID_REASON: "order.invalid_reason",
  /** A line's unit price is zero or negative. */
  ORDER_INVALID_UNIT_PRICE: "order.invalid_unit_price",
  /** Only an order awaiting payment can be paid, or have its payment fail. */
  ORDER_NOT_AWAITING_PAYMENT: "order.not_awaiting_payment",
  /** Only a Confirmed order can go on to await payment. */
  ORDER_NOT_CONFIRMED: "order.not_confirmed",
  /** No order has this id. */
  ORDER_NOT_FOUND: "order.not_found",
  /** Lines can be added only to a Pending order. */
  ORDER_NOT_MODIFIABLE: "order.not_modifiable",
  /** Only a Paid order can be shipped: nothing leaves the warehouse unpaid. */
  ORDER_NOT_PAID: "order.not_paid",
  /** Only a Pending order can be confirmed. */
  ORDER_NOT_PENDING: "order.not_pending",
  /** Only a Shipped order can be delivered. */
  ORDER_NOT_SHIPPED: "order.not_shipped",
  /** The product is discontinued and can no longer be ordered. */
  ORDER_PRODUCT_DISCONTINUED: "order.product_discontinued",
  /** A line would hold more units than allowed. */
  ORDER_QUANTITY_TOO_LARGE: "order.quantity_too_large",
  /** An order would hold more lines than allowed. */
  ORDER_TOO_MANY_LINES: "order.too_many_lines",
  /** Ordering has not learned of this customer (no CustomerRegistered event yet). */
  ORDER_UNKNOWN_CUSTOMER: "order.unknown_customer",
  /** Ordering has not learned of this product (no ProductCreated event yet). */
  ORDER_UNKNOWN_PRODUCT: "order.unknown_product",
} as const;

export type OrderingErrorCode = (typeof OrderingErrors)[keyof typeof OrderingErrors];
