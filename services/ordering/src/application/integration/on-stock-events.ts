import { isEvent, type KnownEvent, StockReservationFailed, StockReserved } from "@ecommerce/contracts";
import type { Logger } from "pino";
import { OrderStatus } from "../../domain/order-status.ts";
import type { OrderRepository } from "../ports.ts";
import type { IntegrationEventHandler } from "./handle-integration-event.ts";

/** Catalog's answer to a confirmed order: stock reserved → await payment; short → cancel. */
export class OnStockEvents implements IntegrationEventHandler {
  readonly handles = [StockReserved.type, StockReservationFailed.type];

  constructor(
    private readonly orders: OrderRepository,
    private readonly logger: Logger,
  ) {}

  async handle(event: KnownEvent): Promise<void> {
    if (!isEvent(event, StockReserved) && !isEvent(event, StockReservationFailed)) return;
    const order = await this.orders.get(event.data.orderId);
    // The customer may have cancelled meanwhile; catalog releases the reservation on OrderCancelled.
    if (!order || order.status !== OrderStatus.Confirmed) {
      this.logger.info(
        { orderId: event.data.orderId, status: order?.status, event: event.type },
        "stock outcome ignored",
      );
      return;
    }
    if (isEvent(event, StockReserved)) {
      order.markAwaitingPayment();
    } else {
      const short = event.data.shortLines
        .map((l) => `${l.productId} (${l.available} of ${l.requested})`)
        .join(", ");
      order.cancel(`out of stock: ${short}`.slice(0, 500), "out-of-stock");
    }
    await this.orders.save(order);
  }
}
