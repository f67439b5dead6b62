import type { OrderConfirmed } from "@ecommerce/contracts";
import type { IntegrationEventHandler } from "@ecommerce/messaging";
import type { Mediator } from "@ecommerce/service-kit";
import { ReserveStock } from "../commands/reserve-stock.ts";

/**
 * Ordering confirmed an order: reserve its stock, all lines or none (StockReserved |
 * StockReservationFailed). ReserveStock goes through the pipeline, so its own schema checks the lines.
 */
export function onOrderConfirmed(mediator: Mediator): IntegrationEventHandler<typeof OrderConfirmed.type> {
  return async (event) => {
    const lines = event.data.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    await mediator.send(new ReserveStock(event.data.orderId, lines));
  };
}
