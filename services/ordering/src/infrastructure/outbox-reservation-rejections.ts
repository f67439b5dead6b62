import { createEvent, ReservationRejected } from "@ecommerce/contracts";
import { appendToOutbox } from "@ecommerce/messaging";
import { currentCausation } from "@ecommerce/service-kit";
import type { ReservationRejections } from "../application/ports.ts";
import type { OrderingUnitOfWork } from "./database.ts";

/** ReservationRejected goes out through the outbox, in the transaction of the event that caused it. */
export class OutboxReservationRejections implements ReservationRejections {
  constructor(private readonly uow: OrderingUnitOfWork) {}

  async reject(orderId: string, reason: "unknown-order" | "order-cancelled", rejectedEventId: string) {
    const event = createEvent(ReservationRejected, { orderId, reason, rejectedEventId }, currentCausation());
    await appendToOutbox(this.uow.current(), [event]);
  }
}
