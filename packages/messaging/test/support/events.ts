import { randomUUID } from "node:crypto";
import {
  createEvent,
  type EventEnvelope,
  OrderCancelled,
  OrderConfirmed,
  PaymentSucceeded,
} from "@ecommerce/contracts";

const eur = (amount: string) => ({ amount, currency: "EUR" });

/** OrderConfirmed: delivered to ordering.catalog only. */
export function orderConfirmed(orderId: string, correlationId: string): EventEnvelope {
  return createEvent(
    OrderConfirmed,
    {
      orderId,
      customerId: randomUUID(),
      lines: [{ productId: randomUUID(), quantity: 1, unitPrice: eur("9.99") }],
      total: eur("9.99"),
      shippingAddress: null,
    },
    { correlationId },
  );
}

/** OrderCancelled: delivered to ordering.catalog, ordering.billing and ordering.shipping. */
export function orderCancelled(orderId: string, correlationId: string): EventEnvelope {
  return createEvent(
    OrderCancelled,
    { orderId, customerId: randomUUID(), reason: "customer-request" },
    { correlationId },
  );
}

/** PaymentSucceeded: on another topic (billing), delivered to billing.ordering. */
export function paymentSucceeded(orderId: string, correlationId: string): EventEnvelope {
  return createEvent(
    PaymentSucceeded,
    { orderId, invoiceId: randomUUID(), amount: eur("9.99") },
    { correlationId },
  );
}
