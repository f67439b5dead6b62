import { type EnvelopeOf, StockReservationFailed, StockReserved } from "@ecommerce/contracts";
import type { IntegrationEventHandlers } from "@ecommerce/messaging";
import type { Logger } from "pino";
import type { Order } from "../../domain/order.ts";
import { OrderStatus } from "../../domain/order-status.ts";
import type { OrderRepository, ReservationRejections } from "../ports.ts";
import { eventTrigger } from "../status-triggers.ts";

type StockOutcome = EnvelopeOf<typeof StockReserved> | EnvelopeOf<typeof StockReservationFailed>;

/**
 * Catalog's answer to a confirmed order: stock reserved → await payment; short → cancel. Stock
 * reserved for an order ordering does not have (a forged or foreign event) or has cancelled is
 * rejected back to catalog, which releases it: nothing stays reserved for an order that cannot use it.
 */
export function onStockEvents(orders: OrderRepository, rejections: ReservationRejections, logger: Logger) {
  /** The order waiting for this answer, or why there is none. */
  async function awaitingStock(
    event: StockOutcome,
  ): Promise<
    { order: Order } | { order?: undefined; orphan: "unknown-order" | "order-cancelled" | undefined }
  > {
    const order = await orders.get(event.data.orderId);
    if (order?.status === OrderStatus.Confirmed) return { order };
    if (!order) return { orphan: "unknown-order" };
    if (order.status === OrderStatus.Cancelled) return { orphan: "order-cancelled" };
    // A redelivery to an order already past this step: its reservation is in use.
    logger.info({ orderId: order.id, status: order.status, event: event.type }, "stock outcome ignored");
    return { orphan: undefined };
  }
  return {
    [StockReserved.type]: async (event) => {
      const found = await awaitingStock(event);
      if (found.order) {
        found.order.markAwaitingPayment(eventTrigger(event));
        return orders.save(found.order);
      }
      if (!found.orphan) return;
      logger.warn(
        { eventId: event.id, orderId: event.data.orderId, reason: found.orphan },
        "stock reserved for an order that cannot use it: asking catalog to release it",
      );
      await rejections.reject(event.data.orderId, found.orphan, event.id);
    },
    [StockReservationFailed.type]: async (event) => {
      const found = await awaitingStock(event);
      // Nothing was reserved, so an orphan has nothing to give back.
      if (!found.order) return;
      const short = event.data.shortLines
        .map((l) => `${l.productId} (${l.available} of ${l.requested})`)
        .join(", ");
      found.order.cancel(`out of stock: ${short}`.slice(0, 500), "out-of-stock", eventTrigger(event));
      await orders.save(found.order);
    },
  } satisfies IntegrationEventHandlers;
}
