import { type EnvelopeOf, OrderCancelled } from "@ecommerce/contracts";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { ReleaseReservation, type ReleaseReservationHandler } from "../commands/release-reservation.ts";
import { Uuid } from "../field-schemas.ts";
import type { Inbox } from "../ports.ts";
import { envelopeOf, subscriptionFor } from "./event-schemas.ts";
import type { IntegrationOutcome } from "./on-order-confirmed.ts";

/** Ordering cancelled an order: give its reserved units back. */
export class OnOrderCancelled extends Command<IntegrationOutcome> {
  static readonly schema = Type.Object(
    {
      subscription: subscriptionFor(OrderCancelled),
      event: envelopeOf(OrderCancelled, { orderId: Uuid }),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly subscription: string,
    readonly event: EnvelopeOf<typeof OrderCancelled>,
  ) {
    super();
  }
}

export class OnOrderCancelledHandler implements MessageHandler<OnOrderCancelled> {
  constructor(
    private readonly inbox: Inbox,
    private readonly release: ReleaseReservationHandler,
  ) {}

  async handle({ subscription, event }: OnOrderCancelled): Promise<IntegrationOutcome> {
    if (!(await this.inbox.recordOnce(subscription, event.id))) return "duplicate";
    await this.release.handle(new ReleaseReservation(event.data.orderId));
    return "handled";
  }
}
