import { ConcurrencyConflict, currentCausation, isUniqueViolation } from "@ecommerce/service-kit";
import type { ReservationRepository } from "../application/ports.ts";
import { Reservation } from "../domain/reservation.ts";
import type { ReservationStatus } from "../domain/reservation-status.ts";
import type { CatalogOutbox } from "./catalog-integration-events.ts";
import type { CatalogUnitOfWork, Tx } from "./database.ts";

/** Reservations keyed by order id: the primary key makes a second reservation for an order impossible. */
export class PrismaReservationRepository implements ReservationRepository {
  constructor(
    private readonly uow: CatalogUnitOfWork,
    private readonly outbox: CatalogOutbox,
  ) {}

  async getForUpdate(orderId: string): Promise<Reservation | undefined> {
    const tx = this.uow.current();
    const rows = await tx.$queryRawUnsafe<{ status: string; version: number }[]>(
      "SELECT status, version FROM reservations WHERE order_id = $1::uuid FOR UPDATE",
      orderId,
    );
    const row = rows[0];
    if (!row) return undefined;
    const lines = await tx.reservationLine.findMany({ where: { orderId }, orderBy: { position: "asc" } });
    return Reservation.restore(
      {
        orderId,
        status: row.status as ReservationStatus,
        lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, available: l.available })),
      },
      row.version,
    );
  }

  async add(reservation: Reservation): Promise<void> {
    const tx = this.uow.current();
    const now = new Date();
    try {
      await tx.reservation.create({
        data: {
          orderId: reservation.orderId,
          status: reservation.status,
          version: 1,
          createdAt: now,
          updatedAt: now,
        },
      });
    } catch (error) {
      // A concurrent delivery for the same order got there first: retrying finds its reservation.
      if (isUniqueViolation(error))
        throw new ConcurrencyConflict("reservation of order", reservation.orderId, 1);
      throw error;
    }
    if (reservation.lines.length > 0) {
      await tx.reservationLine.createMany({
        data: reservation.lines.map((l, position) => ({
          orderId: reservation.orderId,
          productId: l.productId,
          position,
          quantity: l.quantity,
          available: l.available,
        })),
      });
    }
    await this.#afterWrite(tx, reservation, 1);
  }

  async save(reservation: Reservation): Promise<void> {
    const tx = this.uow.current();
    const next = reservation.version + 1;
    const { count } = await tx.reservation.updateMany({
      where: { orderId: reservation.orderId, version: reservation.version },
      data: { status: reservation.status, version: next, updatedAt: new Date() },
    });
    if (count === 0) throw new ConcurrencyConflict("reservation of order", reservation.orderId);
    await this.#afterWrite(tx, reservation, next);
  }

  async #afterWrite(tx: Tx, reservation: Reservation, version: number): Promise<void> {
    await this.outbox.write(tx, reservation, version, currentCausation());
    reservation.markSaved(version);
  }
}
