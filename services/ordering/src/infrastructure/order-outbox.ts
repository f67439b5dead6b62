import { randomUUID } from "node:crypto";
import {
  createEvent,
  type EventEnvelope,
  OrderAwaitingPayment as OrderAwaitingPaymentEvent,
  OrderCancelled as OrderCancelledEvent,
  OrderConfirmed as OrderConfirmedEvent,
  OrderPlaced as OrderPlacedEvent,
} from "@ecommerce/contracts";
import { appendToOutbox } from "@ecommerce/messaging";
import { currentContext } from "@ecommerce/service-kit";
import { OrderAwaitingPayment, OrderCancelled, OrderConfirmed, OrderPlaced } from "../domain/events.ts";
import type { Order } from "../domain/order.ts";
import type { Tx } from "./database.ts";
import type { OrderSaveListener } from "./prisma-order-repository.ts";

/**
 * Turns the order's domain events into the integration events other contexts rely on, and writes
 * them to the outbox in the save's transaction. OrderLineAdded stays inside ordering.
 */
export class OrderOutbox implements OrderSaveListener {
  async onSaved(tx: Tx, order: Order): Promise<void> {
    const context = currentContext();
    const correlationId = context?.correlationId ?? randomUUID();
    const meta = { correlationId, causationId: context?.causationId ?? correlationId };
    const envelopes: EventEnvelope[] = [];
    for (const event of order.domainEvents) {
      if (event instanceof OrderPlaced) {
        envelopes.push(
          createEvent(OrderPlacedEvent, { orderId: order.id, customerId: event.customerId }, meta),
        );
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
        envelopes.push(createEvent(OrderConfirmedEvent, data, meta));
      } else if (event instanceof OrderAwaitingPayment) {
        const data = { orderId: order.id, customerId: event.customerId, total: event.total.toJSON() };
        envelopes.push(createEvent(OrderAwaitingPaymentEvent, data, meta));
      } else if (event instanceof OrderCancelled) {
        const data = { orderId: order.id, customerId: event.customerId, reason: event.cause };
        envelopes.push(createEvent(OrderCancelledEvent, data, meta));
      }
    }
    await appendToOutbox(tx, envelopes);
  }
}
