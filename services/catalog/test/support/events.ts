import {
  createEvent,
  type EnvelopeOf,
  OrderCancelled,
  OrderConfirmed,
  ReservationRejected,
  ShipmentDispatched,
  subscriptionsOf,
} from "@ecommerce/contracts";
import { newUuid } from "./catalog-api.ts";

const subscriptionOn = (topic: string) => {
  const found = subscriptionsOf("catalog").find((s) => s.topic === topic);
  if (!found) throw new Error(`catalog has no subscription on ${topic}`);
  return found.name;
};

/** Catalog's subscriptions, from the topology. */
export const ORDERING_SUBSCRIPTION = subscriptionOn("ordering");
export const SHIPPING_SUBSCRIPTION = subscriptionOn("shipping");

export interface Line {
  productId: string;
  quantity: number;
}

export function orderConfirmed(orderId: string, lines: Line[]): EnvelopeOf<typeof OrderConfirmed> {
  return createEvent(
    OrderConfirmed,
    {
      orderId,
      customerId: newUuid(),
      lines: lines.map((l) => ({ ...l, unitPrice: { amount: "1.00", currency: "EUR" } })),
      total: { amount: `${lines.reduce((s, l) => s + l.quantity, 0)}.00`, currency: "EUR" },
      shippingAddress: null,
    },
    { correlationId: newUuid() },
  );
}

export function orderCancelled(orderId: string): EnvelopeOf<typeof OrderCancelled> {
  return createEvent(
    OrderCancelled,
    { orderId, customerId: newUuid(), reason: "customer-request" },
    { correlationId: newUuid() },
  );
}

export function reservationRejected(
  orderId: string,
  reason: "unknown-order" | "order-cancelled" = "unknown-order",
): EnvelopeOf<typeof ReservationRejected> {
  return createEvent(
    ReservationRejected,
    { orderId, reason, rejectedEventId: newUuid() },
    { correlationId: newUuid() },
  );
}

export function shipmentDispatched(orderId: string, lines: Line[]): EnvelopeOf<typeof ShipmentDispatched> {
  return createEvent(
    ShipmentDispatched,
    { shipmentId: newUuid(), orderId, lines },
    { correlationId: newUuid() },
  );
}
