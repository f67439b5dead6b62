import type { ShipmentDispatched } from "@ecommerce/contracts";
import type { IntegrationEventHandler } from "@ecommerce/messaging";
import type { Mediator } from "@ecommerce/service-kit";
import { CommitReservation } from "../commands/commit-reservation.ts";

/**
 * Shipping dispatched an order's parcel: its reserved units leave the stock (on hand decreases).
 * Only the order is read: what leaves the stock is the reservation's lines, what was held for it.
 */
export function onShipmentDispatched(
  mediator: Mediator,
): IntegrationEventHandler<typeof ShipmentDispatched.type> {
  return async (event) => {
    await mediator.send(new CommitReservation(event.data.orderId));
  };
}
