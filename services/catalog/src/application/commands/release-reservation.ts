import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Reservation } from "../../domain/reservation.ts";
import { Uuid } from "../field-schemas.ts";
import type { ReservationRepository, StockItemRepository } from "../ports.ts";

/** The order was cancelled: its reserved units become available again. Idempotent. */
export class ReleaseReservation extends Command<boolean> {
  static readonly schema = Type.Object({ orderId: Uuid }, { additionalProperties: false });

  constructor(readonly orderId: string) {
    super();
  }
}

export class ReleaseReservationHandler implements MessageHandler<ReleaseReservation> {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly stock: StockItemRepository,
  ) {}

  async handle({ orderId }: ReleaseReservation): Promise<boolean> {
    const reservation = await this.reservations.getForUpdate(orderId);
    if (!reservation) {
      // Cancelled before catalog reserved anything: remember it, so a late confirmation reserves nothing.
      await this.reservations.add(Reservation.cancelledBeforeReserving(orderId));
      return false;
    }
    const stock = await this.stock.getForUpdate(reservation.productIds);
    if (!reservation.release(stock)) return false;
    for (const productId of reservation.productIds) {
      const item = stock.get(productId);
      if (item) await this.stock.save(item);
    }
    await this.reservations.save(reservation);
    return true;
  }
}
