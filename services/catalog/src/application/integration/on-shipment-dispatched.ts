import { type EnvelopeOf, ShipmentDispatched } from "@ecommerce/contracts";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { CommitReservation, type CommitReservationHandler } from "../commands/commit-reservation.ts";
import { Uuid } from "../field-schemas.ts";
import type { Inbox } from "../ports.ts";
import { envelopeOf, subscriptionFor } from "./event-schemas.ts";
import type { IntegrationOutcome } from "./on-order-confirmed.ts";

/** Shipping dispatched an order's parcel: its reserved units leave the stock (on hand decreases). */
export class OnShipmentDispatched extends Command<IntegrationOutcome> {
  // Only the order is read: what leaves the stock is the reservation's lines, not the parcel's.
  static readonly schema = Type.Object(
    {
      subscription: subscriptionFor(ShipmentDispatched),
      event: envelopeOf(ShipmentDispatched, { orderId: Uuid }),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly subscription: string,
    readonly event: EnvelopeOf<typeof ShipmentDispatched>,
  ) {
    super();
  }
}

export class OnShipmentDispatchedHandler implements MessageHandler<OnShipmentDispatched> {
  constructor(
    private readonly inbox: Inbox,
    private readonly commit: CommitReservationHandler,
  ) {}

  async handle({ subscription, event }: OnShipmentDispatched): Promise<IntegrationOutcome> {
    if (!(await this.inbox.recordOnce(subscription, event.id))) return "duplicate";
    // The reservation's lines are what leaves the stock: they are what was held for the order.
    await this.commit.handle(new CommitReservation(event.data.orderId));
    return "handled";
  }
}
