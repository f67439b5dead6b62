import * as contracts from "@ecommerce/contracts";
import {
  type IntegrationEvent,
  type IntegrationEventTranslator,
  IntegrationOutbox,
  integrationEvent,
} from "@ecommerce/messaging";
import { currentCausation } from "@ecommerce/service-kit";
import {
  type EventLine,
  OrderAwaitingPayment,
  OrderCancelled,
  OrderConfirmed,
  OrderDelivered,
  OrderPaid,
  OrderPlaced,
  OrderShipped,
} from "../domain/events.ts";
import type { Order } from "../domain/order.ts";
import type { ShippingAddress } from "../domain/shipping-address.ts";
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
        const data = {
          orderId: order.id,
          customerId: event.customerId,
          lines: linesJson(event.lines),
          total: event.total.toJSON(),
          shippingAddress: addressJson(event.shippingAddress),
        };
        out.push(integrationEvent(contracts.OrderConfirmed, data));
      } else if (event instanceof OrderAwaitingPayment) {
        const data = {
          orderId: order.id,
          customerId: event.customerId,
          total: event.total.toJSON(),
          lines: linesJson(event.lines),
          shippingAddress: addressJson(event.shippingAddress),
          paymentMethod: { token: event.paymentMethod.token },
        };
        out.push(integrationEvent(contracts.OrderAwaitingPayment, data));
      } else if (event instanceof OrderPaid) {
        const data = {
          orderId: order.id,
          customerId: event.customerId,
          total: event.total.toJSON(),
          lines: linesJson(event.lines),
          shippingAddress: addressJson(event.shippingAddress),
        };
        out.push(integrationEvent(contracts.OrderPaid, data));
      } else if (event instanceof OrderShipped) {
        out.push(integrationEvent(contracts.OrderShipped, { orderId: order.id }));
      } else if (event instanceof OrderDelivered) {
        out.push(integrationEvent(contracts.OrderDelivered, { orderId: order.id }));
      } else if (event instanceof OrderCancelled) {
        const data = { orderId: order.id, customerId: event.customerId, reason: event.cause };
        out.push(integrationEvent(contracts.OrderCancelled, data));
      }
    }
    return out;
  },
};

function linesJson(lines: readonly EventLine[]) {
  return lines.map((l) => ({
    productId: l.productId,
    quantity: l.quantity,
    unitPrice: l.unitPrice.toJSON(),
  }));
}

function addressJson(address: ShippingAddress | null) {
  return address ? { ...address } : null;
}

/** Writes an order's integration events to the outbox, in the transaction that saves it. */
export function orderOutbox(): OrderSaveListener {
  const outbox = new IntegrationOutbox(orderingIntegrationEvents);
  return { onSaved: (tx, order, version) => outbox.write(tx, order, version, currentCausation()) };
}
