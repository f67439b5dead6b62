import { ShipmentDelivered, ShipmentDispatched } from "@ecommerce/contracts";
import type { IntegrationEventHandlers } from "@ecommerce/messaging";
import type { Logger } from "pino";
import type { Order } from "../../domain/order.ts";
import { OrderStatus } from "../../domain/order-status.ts";
import type { OrderRepository } from "../ports.ts";
import { eventTrigger } from "../status-triggers.ts";
import { EventAheadOfOrder, lifecycleOrder } from "./lifecycle-order.ts";

/**
 * Shipping's progress for a paid order: dispatched (→ Shipped, no more cancelling) and delivered
 * (→ Delivered). A notice the order is already past is acknowledged with a warning; a delivery
 * before its dispatch was handled is retried; anything else (a parcel for a cancelled or unpaid
 * order) is refused by the aggregate and dead-lettered with its code, for an operator to act on.
 */
export function onShipmentEvents(orders: OrderRepository, logger: Logger) {
  function alreadyPast(order: Order, event: { id: string; type: string }): void {
    logger.warn(
      { eventId: event.id, eventType: event.type, orderId: order.id, status: order.status },
      "shipment notice for an order already past it: nothing to do",
    );
  }
  return {
    [ShipmentDispatched.type]: async (event) => {
      const order = await lifecycleOrder(orders, event.data.orderId);
      if (order.status === OrderStatus.Shipped || order.status === OrderStatus.Delivered) {
        return alreadyPast(order, event);
      }
      order.markShipped(eventTrigger(event));
      await orders.save(order);
    },
    [ShipmentDelivered.type]: async (event) => {
      const order = await lifecycleOrder(orders, event.data.orderId);
      if (order.status === OrderStatus.Delivered) return alreadyPast(order, event);
      if (order.status === OrderStatus.Paid) throw new EventAheadOfOrder(event.type, order.id, order.status);
      order.markDelivered(eventTrigger(event));
      await orders.save(order);
    },
  } satisfies IntegrationEventHandlers;
}
