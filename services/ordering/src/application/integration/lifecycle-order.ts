import type { Order } from "../../domain/order.ts";
import { orderNotFound } from "../commands/load-order.ts";
import type { OrderRepository } from "../ports.ts";

/**
 * The order a payment or shipment event is about. Billing and shipping only act on orders ordering
 * told them of, so an unknown order is refused for good (dead letter `order.not_found`): money or a
 * parcel moved for an order nobody here knows, and an operator must find out why.
 */
export async function lifecycleOrder(orders: OrderRepository, orderId: string): Promise<Order> {
  const order = await orders.get(orderId);
  if (!order) throw orderNotFound(orderId);
  return order;
}

/**
 * The event is ahead of the order: it needs a change whose event has not been handled yet (a
 * delivery notice before the dispatch notice, which is being retried). Failing the delivery rolls
 * back its inbox row, so the bus retries it, with backoff, once the earlier event has had its turn.
 */
export class EventAheadOfOrder extends Error {
  constructor(eventType: string, orderId: string, status: string) {
    super(`${eventType} arrived while order ${orderId} is still ${status}; retrying it later`);
    this.name = "EventAheadOfOrder";
  }
}
