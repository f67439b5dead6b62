import { type EnvelopeOf, StockReservationFailed, StockReserved } from "@ecommerce/contracts";
import type { IntegrationEventHandlers } from "@ecommerce/messaging";
import type { Logger } from "pino";
import type { Order } from "../../domain/order.ts";
import { OrderStatus } from "../../domain/order-status.ts";
import type { OrderRepository } from "../ports.ts";
import { eventTrigger } from "../status-triggers.ts";

type StockOutcome = EnvelopeOf<typeof StockReserved> | EnvelopeOf<typeof StockReservationFailed>;

/** Catalog's answer to a confirmed order: stock reserved → await payment; short → cancel. */
export function onStockEvents(orders: OrderRepository, logger: Logger) {
  /** The order still waiting for this answer; the customer may have cancelled meanwhile. */
  async function confirmedOrder(event: StockOutcome): Promise<Order | undefined> {
    const order = await orders.get(event.data.orderId);
    if (order?.status === OrderStatus.Confirmed) return order;
    // Catalog releases the reservation on OrderCancelled: nothing to do here.
    logger.info(
      { orderId: event.data.orderId, status: order?.status, event: event.type },
      "stock outcome ignored",
    );
    return undefined;
  }
  return {
    [StockReserved.type]: async (event) => {
      const order = await confirmedOrder(event);
      if (!order) return;
      order.markAwaitingPayment(eventTrigger(event));
      await orders.save(order);
    },
    [StockReservationFailed.type]: async (event) => {
      const order = await confirmedOrder(event);
      if (!order) return;
      const short = event.data.shortLines
        .map((l) => `${l.productId} (${l.available} of ${l.requested})`)
        .join(", ");
      order.cancel(`out of stock: ${short}`.slice(0, 500), "out-of-stock", eventTrigger(event));
      await orders.save(order);
    },
  } satisfies IntegrationEventHandlers;
}
