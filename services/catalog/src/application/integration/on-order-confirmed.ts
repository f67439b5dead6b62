import type { EnvelopeOf, OrderConfirmed } from "@ecommerce/contracts";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { ReserveStock, type ReserveStockHandler } from "../commands/reserve-stock.ts";
import type { Inbox } from "../ports.ts";

export type IntegrationOutcome = "handled" | "duplicate";

/** Ordering confirmed an order: reserve its stock, all lines or none (StockReserved | StockReservationFailed). */
export class OnOrderConfirmed extends Command<IntegrationOutcome> {
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
