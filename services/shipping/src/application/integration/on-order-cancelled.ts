import type { OrderCancelled } from "@ecommerce/contracts";
import type { IntegrationEventHandler } from "@ecommerce/messaging";
import type { Mediator } from "@ecommerce/service-kit";
import { CancelShipmentForOrder } from "../commands/cancel-shipment-for-order.ts";

/**
 * Ordering cancelled an order: a shipment still being prepared is cancelled. Once the parcel has
 * left, the aggregate refuses (`shipping.shipment_already_dispatched`) and the event is dead-lettered
 * with that reason; the shipment stays as it is.
 */
export function onOrderCancelled(mediator: Mediator): IntegrationEventHandler<typeof OrderCancelled.type> {
  return async (event) => {
    await mediator.send(new CancelShipmentForOrder(event.data.orderId));
  };
}
