import { AggregateRoot, DomainError } from "@ecommerce/domain-kernel";
import { CatalogErrors } from "./errors.ts";
import {
  ReservationCommitted,
  ReservationReleased,
  type ShortLine,
  type StockLine,
  StockReservationFailed,
  StockReserved,
} from "./events.ts";
import { ReservationStatus } from "./reservation-status.ts";
import type { StockItem } from "./stock-item.ts";

export const MAX_RESERVATION_LINES = 100;
export const MAX_UNITS_PER_LINE = 1_000_000;

export interface ReservationLine {
  productId: string;
  quantity: number;
  /** For a refused reservation: the units that were available when it was decided. */
  available: number | null;
}

export interface ReservationSnapshot {
  orderId: string;
  status: ReservationStatus;
  lines: ReservationLine[];
}

/** The stock items a reservation acts on, by product id (loaded and locked by the caller). */
export type StockItems = ReadonlyMap<string, StockItem>;

/**
 * The stock an order holds, keyed by the order: one per order, so an order never reserves twice.
 * All or nothing: every line is reserved, or none is and the short lines are reported. Released
 * when the order is cancelled; committed (the units leave the stock) when it is shipped.
 */
export class Reservation extends AggregateRoot {
  #status: ReservationStatus;
  readonly #lines: readonly ReservationLine[];

  private constructor(snapshot: ReservationSnapshot, version: number) {
    super(snapshot.orderId, version);
    this.#status = snapshot.status;
    this.#lines = snapshot.lines;
  }

  /**
   * Decides for all lines at once on the stock as it is now (the caller holds the rows locked): if
   * every line is covered, each is reserved (StockReserved); otherwise nothing is touched and the
   * reservation is Refused (StockReservationFailed with the short lines). A product without stock
   * (unknown to the catalog) counts as 0 available.
   */
  static request(orderId: string, requested: readonly StockLine[], stock: StockItems): Reservation {
    const lines = Reservation.merged(requested);
    const short: ShortLine[] = [];
    for (const line of lines) {
      const available = stock.get(line.productId)?.available ?? 0;
      if (line.quantity > available) {
        short.push({ productId: line.productId, requested: line.quantity, available });
      }
    }
    if (short.length > 0) {
      const availableOf = new Map(short.map((s) => [s.productId, s.available]));
      const reservation = new Reservation(
        {
          orderId,
          status: ReservationStatus.Refused,
          lines: lines.map((l) => ({ ...l, available: availableOf.get(l.productId) ?? null })),
        },
        0,
      );
      reservation.raise(new StockReservationFailed(orderId, short));
      return reservation;
    }
    for (const line of lines) (stock.get(line.productId) as StockItem).reserve(line.quantity, orderId);
    const reservation = new Reservation(
      { orderId, status: ReservationStatus.Reserved, lines: lines.map((l) => ({ ...l, available: null })) },
      0,
    );
    reservation.raise(new StockReserved(orderId, lines));
    return reservation;
  }

  /**
   * The order was cancelled before its stock was reserved: remember it, so that a late or
   * redelivered confirmation never reserves for a cancelled order.
   */
  static cancelledBeforeReserving(orderId: string): Reservation {
    return new Reservation({ orderId, status: ReservationStatus.Cancelled, lines: [] }, 0);
  }

  static restore(snapshot: ReservationSnapshot, version: number): Reservation {
    return new Reservation(snapshot, version);
  }

  get orderId(): string {
    return this.id;
  }
  get status(): ReservationStatus {
    return this.#status;
  }
  get lines(): readonly ReservationLine[] {
    return this.#lines;
  }
  /** The product ids the reservation holds stock of, in the order rows are locked. */
  get productIds(): string[] {
    return this.#lines.map((l) => l.productId).sort();
  }

  /**
   * The order was cancelled: reserved units go back to available. Nothing to give back when the
   * reservation was refused or already released; a shipped order's units are gone. Returns whether
   * anything was released.
   */
  release(stock: StockItems): boolean {
    if (this.#status === ReservationStatus.Committed) {
      throw new DomainError(
        CatalogErrors.RESERVATION_ALREADY_SHIPPED,
        `order ${this.id} has been shipped; its stock cannot be released`,
        "illegal-state",
      );
    }
    if (this.#status !== ReservationStatus.Reserved) return false;
    for (const line of this.#lines) this.#item(stock, line.productId).release(line.quantity, this.id);
    this.#status = ReservationStatus.Released;
    this.raise(new ReservationReleased(this.id, this.#stockLines()));
    return true;
  }

  /**
   * The order's parcel left: the reserved units leave the stock (on hand and reserved both drop).
   * Committing again changes nothing; a reservation that holds nothing cannot be shipped. Returns
   * whether anything was committed.
   */
  commit(stock: StockItems): boolean {
    if (this.#status === ReservationStatus.Committed) return false;
    if (this.#status !== ReservationStatus.Reserved) {
      throw new DomainError(
        CatalogErrors.RESERVATION_NOT_RESERVED,
        `order ${this.id} holds no reserved stock (its reservation is ${this.#status})`,
        "illegal-state",
      );
    }
    for (const line of this.#lines) this.#item(stock, line.productId).ship(line.quantity, this.id);
    this.#status = ReservationStatus.Committed;
    this.raise(new ReservationCommitted(this.id, this.#stockLines()));
    return true;
  }

  #stockLines(): StockLine[] {
    return this.#lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
  }

  #item(stock: StockItems, productId: string): StockItem {
    const item = stock.get(productId);
    if (!item) throw new Error(`stock of product ${productId} was not loaded for order ${this.id}`);
    return item;
  }

  /** One line per product (the same product twice adds up), in the order first given. */
  private static merged(requested: readonly StockLine[]): StockLine[] {
    if (requested.length === 0) {
      throw new DomainError(CatalogErrors.RESERVATION_EMPTY, "a reservation needs at least one line");
    }
    const byProduct = new Map<string, number>();
    for (const line of requested) {
      if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
        throw new DomainError(
          CatalogErrors.RESERVATION_INVALID_QUANTITY,
          `a quantity is a whole number above 0, got ${line.quantity}`,
        );
      }
      byProduct.set(line.productId, (byProduct.get(line.productId) ?? 0) + line.quantity);
    }
    if (byProduct.size > MAX_RESERVATION_LINES) {
      throw new DomainError(
        CatalogErrors.RESERVATION_TOO_MANY_LINES,
        `a reservation holds at most ${MAX_RESERVATION_LINES} lines`,
      );
    }
    const lines = [...byProduct].map(([productId, quantity]) => ({ productId, quantity }));
    const tooMany = lines.find((l) => l.quantity > MAX_UNITS_PER_LINE);
    if (tooMany) {
      throw new DomainError(
        CatalogErrors.RESERVATION_INVALID_QUANTITY,
        `at most ${MAX_UNITS_PER_LINE} units of one product, got ${tooMany.quantity}`,
      );
    }
    return lines;
  }
}
