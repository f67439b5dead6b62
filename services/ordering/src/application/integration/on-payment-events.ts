import { PaymentFailed, PaymentSucceeded } from "@ecommerce/contracts";
import type { IntegrationEventHandlers } from "@ecommerce/messaging";
import type { Logger } from "pino";
import { MAX_REASON_LENGTH } from "../../domain/order.ts";
import { OrderStatus } from "../../domain/order-status.ts";
import type { OrderRepository } from "../ports.ts";
import { eventTrigger } from "../status-triggers.ts";
import { lifecycleOrder } from "./lifecycle-order.ts";

/**
 * Billing's outcome for an order awaiting payment: paid (→ Paid, OrderPaid for shipping) or failed
 * (→ Cancelled, payment-failed; OrderCancelled releases the stock). A cancelled order is left as it
 * is, with a warning: billing voids or refunds on OrderCancelled. Any other status is refused by the
 * aggregate, so the event is dead-lettered with its code (README: "Billing's and shipping's events").
 */
export function onPaymentEvents(orders: OrderRepository, logger: Logger) {
  return {
    [PaymentSucceeded.type]: async (event) => {
      const order = await lifecycleOrder(orders, event.data.orderId);
      if (order.status === OrderStatus.Cancelled) {
        logger.warn(
          { eventId: event.id, eventType: event.type, orderId: order.id, invoiceId: event.data.invoiceId },
          "payment succeeded for a cancelled order: nothing to do, billing refunds it on OrderCancelled",
        );
        return;
      }
      order.markPaid(eventTrigger(event));
      await orders.save(order);
    },
    [PaymentFailed.type]: async (event) => {
      const order = await lifecycleOrder(orders, event.data.orderId);
      if (order.status === OrderStatus.Cancelled) {
        logger.warn(
          { eventId: event.id, eventType: event.type, orderId: order.id, invoiceId: event.data.invoiceId },
          "payment failed for an order already cancelled: nothing to do",
        );
        return;
      }
      const reason = `payment failed: ${event.data.reason}`.slice(0, MAX_REASON_LENGTH);
      order.failPayment(reason, eventTrigger(event));
      await orders.save(order);
    },
  } satisfies IntegrationEventHandlers;
}
