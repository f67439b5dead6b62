import { type EnvelopeOf, OrderConfirmed } from "@ecommerce/contracts";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { ReserveStock, type ReserveStockHandler, stockLineFields } from "../commands/reserve-stock.ts";
import { Uuid } from "../field-schemas.ts";
import type { Inbox } from "../ports.ts";
import { envelopeOf, subscriptionFor } from "./event-schemas.ts";

export type IntegrationOutcome = "handled" | "duplicate";

/** Ordering confirmed an order: reserve its stock, all lines or none (StockReserved | StockReservationFailed). */
export class OnOrderConfirmed extends Command<IntegrationOutcome> {
  // The handler hands ReserveStock to its handler directly, past this pipeline: so the lines are
  // checked here, as ReserveStock would check them. (Order lines carry prices too: left open.)
  static readonly schema = Type.Object(
    {
      subscription: subscriptionFor(OrderConfirmed),
      event: envelopeOf(OrderConfirmed, {
        orderId: Uuid,
        lines: Type.Array(Type.Object(stockLineFields), { minItems: 1 }),
      }),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly subscription: string,
    readonly event: EnvelopeOf<typeof OrderConfirmed>,
  ) {
    super();
  }
}

export class OnOrderConfirmedHandler implements MessageHandler<OnOrderConfirmed> {
  constructor(
    private readonly inbox: Inbox,
    private readonly reserve: ReserveStockHandler,
  ) {}

  async handle({ subscription, event }: OnOrderConfirmed): Promise<IntegrationOutcome> {
    // In the command's transaction: the inbox row and the reservation commit together, or neither.
    if (!(await this.inbox.recordOnce(subscription, event.id))) return "duplicate";
    const lines = event.data.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    await this.reserve.handle(new ReserveStock(event.data.orderId, lines));
    return "handled";
  }
}
