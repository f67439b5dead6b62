import type { ReservationRejected } from "@ecommerce/contracts";
import type { IntegrationEventHandler } from "@ecommerce/messaging";
import type { Mediator } from "@ecommerce/service-kit";
import type { Logger } from "pino";
import { ReleaseReservation } from "../commands/release-reservation.ts";

/**
 * Ordering has no order to use a reservation catalog made (it does not know the order, or has
 * cancelled it): the units go back, as on a cancellation, so none stay reserved for good.
 */
export function onReservationRejected(
  mediator: Mediator,
  logger: Logger,
): IntegrationEventHandler<typeof ReservationRejected.type> {
  return async (event) => {
    const released = await mediator.send(new ReleaseReservation(event.data.orderId));
    logger.warn(
      {
        eventId: event.id,
        orderId: event.data.orderId,
        reason: event.data.reason,
        rejectedEventId: event.data.rejectedEventId,
        released,
      },
      "ordering rejected a reservation: released it",
    );
  };
}
