import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import type { ShortLine, StockLine } from "../../domain/events.ts";
import { MAX_UNITS_PER_LINE, Reservation } from "../../domain/reservation.ts";
import type { ReservationStatus } from "../../domain/reservation-status.ts";
import { Uuid } from "../field-schemas.ts";
import type { ReservationRepository, StockItemRepository } from "../ports.ts";

/**
 * What one line to reserve holds. (No cap on the number of lines: the reservation merges lines of
 * the same product before it counts them against MAX_RESERVATION_LINES.)
 */
export const stockLineFields = {
  productId: Uuid,
  quantity: Type.Integer({ minimum: 1, maximum: MAX_UNITS_PER_LINE }),
};

export interface ReservationOutcome {
  orderId: string;
  status: ReservationStatus;
  /** False when the order already had a reservation: nothing was done this time. */
  created: boolean;
  shortLines: ShortLine[];
}

/** Reserves stock for every line of an order, or for none of them. Idempotent per order. */
export class ReserveStock extends Command<ReservationOutcome> {
  static readonly schema = Type.Object(
    {
      orderId: Uuid,
      lines: Type.Array(Type.Object(stockLineFields, { additionalProperties: false }), { minItems: 1 }),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly orderId: string,
    readonly lines: StockLine[],
  ) {
    super();
  }
}

export class ReserveStockHandler implements MessageHandler<ReserveStock> {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly stock: StockItemRepository,
  ) {}

  async handle({ orderId, lines }: ReserveStock): Promise<ReservationOutcome> {
    // One reservation per order: a repeated request (or a cancelled order) reserves nothing.
    const existing = await this.reservations.getForUpdate(orderId);
    if (existing) return outcomeOf(existing, false);

    // Never oversell: the stock rows are locked (in product id order, so concurrent multi-line
    // reservations cannot deadlock) and the decision is taken on what is committed now. The
    // database's CHECK (reserved <= on_hand) stands behind it.
    const stock = await this.stock.getForUpdate(lines.map((l) => l.productId));
    const reservation = Reservation.request(orderId, lines, stock);
    await this.reservations.add(reservation);
    for (const item of [...stock.values()].sort((a, b) => compare(a.id, b.id))) {
      if (item.domainEvents.length > 0) await this.stock.save(item);
    }
    return outcomeOf(reservation, true);
  }
}

export function outcomeOf(reservation: Reservation, created: boolean): ReservationOutcome {
  return {
    orderId: reservation.orderId,
    status: reservation.status,
    created,
    shortLines: reservation.lines
      .filter((l) => l.available !== null)
      .map((l) => ({ productId: l.productId, requested: l.quantity, available: l.available as number })),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
