import { randomUUID } from "node:crypto";
import {
  type Address,
  createEvent,
  type EnvelopeOf,
  OrderCancelled,
  OrderPaid,
  subscriptionNamed,
} from "@ecommerce/contracts";

/** Shipping's one subscription: ordering's topic. */
export const ORDERING_SUBSCRIPTION = subscriptionNamed("ordering.shipping").name;

export interface Line {
  productId: string;
  quantity: number;
}

export function address(overrides: Partial<Address> = {}): Address {
  return {
    recipient: "Ada Lovelace",
    line1: "12 Analytical Street",
    postalCode: "1011 AB",
    city: "Amsterdam",
    country: "NL",
    ...overrides,
  };
}

export const line = (quantity = 1, productId: string = randomUUID()): Line => ({ productId, quantity });

/** What ordering publishes when billing captured the payment, valid by construction. */
export function orderPaid(
  orderId: string,
  lines: Line[] = [line(2), line(1)],
  shippingAddress: Address | null = address(),
  customerId: string = randomUUID(),
): EnvelopeOf<typeof OrderPaid> {
  return createEvent(
    OrderPaid,
    {
      orderId,
      customerId,
      total: { amount: "30.00", currency: "EUR" },
      lines: lines.map((l) => ({ ...l, unitPrice: { amount: "10.00", currency: "EUR" } })),
      shippingAddress,
    },
    { correlationId: randomUUID() },
  );
}

export function orderCancelled(orderId: string): EnvelopeOf<typeof OrderCancelled> {
  return createEvent(
    OrderCancelled,
    { orderId, customerId: randomUUID(), reason: "customer-request" },
    { correlationId: randomUUID() },
  );
}
