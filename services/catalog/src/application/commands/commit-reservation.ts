import { DomainError } from "@ecommerce/domain-kernel";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { CatalogErrors } from "../../domain/errors.ts";
import { Uuid } from "../field-schemas.ts";
import type { ReservationRepository, StockItemRepository } from "../ports.ts";

/** The order's parcel left the warehouse: its reserved units leave the stock. Idempotent. */
export class CommitReservation extends Command<boolean> {
  static readonly schema = Type.Object({ orderId: Uuid }, { additionalProperties: false });

  constructor(readonly orderId: string) {
    super();
  }
}

export class CommitReservationHandler implements MessageHandler<CommitReservation> {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly stock: StockItemRepository,
  ) {}

  async handle({ orderId }: CommitReservation): Promise<boolean> {
    const reservation = await this.reservations.getForUpdate(orderId);
    if (!reservation) {
      throw new DomainError(
        CatalogErrors.RESERVATION_NOT_FOUND,
        `order ${orderId} has no stock reservation to ship`,
        "not-found",
      );
    }
    const stock = await this.stock.getForUpdate(reservation.productIds);
    if (!reservation.commit(stock)) return false;
    for (const productId of reservation.productIds) {
      const item = stock.get(productId);
      if (item) await this.stock.save(item);
    }
    await this.reservations.save(reservation);
    return true;
  }
}
