import type { OrderCancelled } from "@ecommerce/contracts";
import type { IntegrationEventHandler } from "@ecommerce/messaging";
import type { Mediator } from "@ecommerce/service-kit";
import { ReleaseReservation } from "../commands/release-reservation.ts";

/** Ordering cancelled an order: give its reserved units back. */
export function onOrderCancelled(mediator: Mediator): IntegrationEventHandler<typeof OrderCancelled.type> {
  return async (event) => {
    await mediator.send(new ReleaseReservation(event.data.orderId));
  };
}
