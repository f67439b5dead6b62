import * as contracts from "@ecommerce/contracts";
import {
  type IntegrationEvent,
  type IntegrationEventTranslator,
  IntegrationOutbox,
  integrationEvent,
} from "@ecommerce/messaging";
import { currentCausation } from "@ecommerce/service-kit";
import { OrderAwaitingPayment, OrderCancelled, OrderConfirmed, OrderPlaced } from "../domain/events.ts";
import type { Order } from "../domain/order.ts";
import type { OrderSaveListener } from "./prisma-order-repository.ts";

/**
 * The integration events other contexts rely on, from an order's pending domain events.
 * OrderLineAdded stays inside ordering.
 */
export const orderingIntegrationEvents: IntegrationEventTranslator<Order> = {
  translate(order) {
    const out: IntegrationEvent[] = [];
    for (const event of order.domainEvents) {
      if (event instanceof OrderPlaced) {
        const data = { orderId: order.id, customerId: event.customerId };
        out.push(integrationEvent(contracts.OrderPlaced, data));
      } else if (event instanceof OrderConfirmed) {
        const lines = event.lines.map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          unitPrice: l.unitPrice.toJSON(),
        }));
        const data = {
          orderId: order.id,
          customerId: event.customerId,
          lines,
          total: event.total.toJSON(),
          shippingAddress: event.shippingAddress ? { ...event.shippingAddress } : null,
        };
        out.push(integrationEvent(contracts.OrderConfirmed, data));
      } else if (event instanceof OrderAwaitingPayment) {
        const data = { orderId: order.id, customerId: event.customerId, total: event.total.toJSON() };
        out.push(integrationEvent(contracts.OrderAwaitingPayment, data));
      } else if (event instanceof OrderCancelled) {
        const data = { orderId: order.id, customerId: event.customerId, reason: event.cause };
        out.push(integrationEvent(contracts.OrderCancelled, data));
      }
    }
    return out;
  },
};

/** Writes an order's integration events to the outbox, in the transaction that saves it. */
export function orderOutbox(): OrderSaveListener {
  const outbox = new IntegrationOutbox(orderingIntegrationEvents);
  return { onSaved: (tx, order, version) => outbox.write(tx, order, version, currentCausation()) };
}
