import { AggregateRoot, boundedText, DomainError } from "@ecommerce/domain-kernel";
import { CatalogErrors } from "./errors.ts";
import { StockChanged, type StockChangeKind, StockLow } from "./events.ts";

/** Bounds that keep every figure a safe 32-bit integer in the database. */
export const MAX_STOCK = 1_000_000_000;
export const MAX_ADJUSTMENT = 1_000_000;
export const MAX_THRESHOLD = 1_000_000;
export const MAX_STOCK_REASON_LENGTH = 500;

export interface StockItemSnapshot {
  productId: string;
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
}

/**
 * The inventory of one product: units on hand, units reserved for orders, and what is left to sell,
 * available = onHand - reserved. Nothing is ever negative and reserved never exceeds onHand, so
 * available never goes below zero. When available falls below the product's low-stock threshold,
 * StockLow is raised once (again only after it has risen back to the threshold or above). A
 * threshold of 0 never fires, since available cannot go below zero.
 */
export class StockItem extends AggregateRoot {
  #onHand: number;
  #reserved: number;
  readonly #lowStockThreshold: number;

  private constructor(snapshot: StockItemSnapshot, version: number) {
    super(snapshot.productId, version);
    this.#onHand = snapshot.onHand;
    this.#reserved = snapshot.reserved;
    this.#lowStockThreshold = snapshot.lowStockThreshold;
  }

  /** The inventory of a new product: its initial units on hand, none reserved. */
  static open(productId: string, initialOnHand: number, lowStockThreshold: number): StockItem {
    if (!Number.isSafeInteger(initialOnHand) || initialOnHand < 0 || initialOnHand > MAX_STOCK) {
      throw new DomainError(
        CatalogErrors.STOCK_INVALID_QUANTITY,
        `initial stock must be a whole number of 0-${MAX_STOCK} units, got ${initialOnHand}`,
      );
    }
    if (
      !Number.isSafeInteger(lowStockThreshold) ||
      lowStockThreshold < 0 ||
      lowStockThreshold > MAX_THRESHOLD
    ) {
      throw new DomainError(
        CatalogErrors.STOCK_INVALID_THRESHOLD,
        `a low-stock threshold must be a whole number of 0-${MAX_THRESHOLD} units, got ${lowStockThreshold}`,
      );
    }
    const item = new StockItem({ productId, onHand: 0, reserved: 0, lowStockThreshold }, 0);
    if (initialOnHand > 0) item.#change("initial", initialOnHand, 0, "initial stock", null);
    return item;
  }

  static restore(snapshot: StockItemSnapshot, version: number): StockItem {
    return new StockItem(snapshot, version);
  }

  get productId(): string {
    return this.id;
  }
  get onHand(): number {
    return this.#onHand;
  }
  get reserved(): number {
    return this.#reserved;
  }
  get available(): number {
    return this.#onHand - this.#reserved;
  }
  get lowStockThreshold(): number {
    return this.#lowStockThreshold;
  }

  /**
   * Restock (delta > 0) or correct (delta < 0: shrinkage, damage, a count) the units on hand, with
   * a reason. Units reserved for orders cannot be taken away: onHand never drops below reserved.
   */
  adjust(delta: number, reason: string): void {
    if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_ADJUSTMENT) {
      throw new DomainError(
        CatalogErrors.STOCK_INVALID_DELTA,
        `an adjustment is a whole number of units between -${MAX_ADJUSTMENT} and ${MAX_ADJUSTMENT}, not 0; got ${delta}`,
      );
    }
    const why = boundedText(
      reason,
      { max: MAX_STOCK_REASON_LENGTH },
      CatalogErrors.STOCK_INVALID_REASON,
      "a reason",
    );
    const onHand = this.#onHand + delta;
    if (onHand < this.#reserved) {
      throw new DomainError(
        CatalogErrors.STOCK_BELOW_RESERVED,
        `${this.#onHand} on hand with ${this.#reserved} reserved for orders: at most ${this.available} can be removed, not ${-delta}`,
        "illegal-state",
        { onHand: this.#onHand, reserved: this.#reserved, available: this.available },
      );
    }
    if (onHand > MAX_STOCK) {
      throw new DomainError(CatalogErrors.STOCK_TOO_LARGE, `at most ${MAX_STOCK} units can be on hand`);
    }
    this.#change("adjustment", delta, 0, why, null);
  }

  canReserve(quantity: number): boolean {
    return quantity <= this.available;
  }

  /** Holds units for an order. Only through a Reservation, which decides for all its lines at once. */
  reserve(quantity: number, orderId: string): void {
    StockItem.assertQuantity(quantity);
    if (!this.canReserve(quantity)) {
      throw new DomainError(
        CatalogErrors.STOCK_INSUFFICIENT,
        `${quantity} units requested, ${this.available} available`,
        "illegal-state",
      );
    }
    this.#change("reservation", 0, quantity, `reserved for order ${orderId}`, orderId);
  }

  /** Gives back units held for an order (it was cancelled). */
  release(quantity: number, orderId: string): void {
    StockItem.assertQuantity(quantity);
    if (quantity > this.#reserved) {
      throw new DomainError(
        CatalogErrors.STOCK_RELEASE_EXCEEDS_RESERVED,
        `cannot release ${quantity} units, only ${this.#reserved} are reserved`,
        "illegal-state",
      );
    }
    this.#change("release", 0, -quantity, `released for order ${orderId}`, orderId);
  }

  /** Units held for an order left the warehouse: they are no longer on hand, nor reserved. */
  ship(quantity: number, orderId: string): void {
    StockItem.assertQuantity(quantity);
    if (quantity > this.#reserved) {
      throw new DomainError(
        CatalogErrors.STOCK_SHIP_EXCEEDS_RESERVED,
        `cannot ship ${quantity} units, only ${this.#reserved} are reserved`,
        "illegal-state",
      );
    }
    this.#change("shipment", -quantity, -quantity, `shipped for order ${orderId}`, orderId);
  }

  private static assertQuantity(quantity: number): void {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      throw new DomainError(
        CatalogErrors.STOCK_INVALID_QUANTITY,
        `a quantity is a whole number above 0, got ${quantity}`,
      );
    }
  }

  #change(
    kind: StockChangeKind,
    onHandDelta: number,
    reservedDelta: number,
    reason: string,
    orderId: string | null,
  ) {
    const availableBefore = this.available;
    this.#onHand += onHandDelta;
    this.#reserved += reservedDelta;
    this.raise(
      new StockChanged(
        this.id,
        kind,
        onHandDelta,
        reservedDelta,
        this.#onHand,
        this.#reserved,
        reason,
        orderId,
      ),
    );
    // Raised on the crossing only (not low before, low after), so every further sale while low stays quiet.
    const threshold = this.#lowStockThreshold;
    if (kind !== "initial" && availableBefore >= threshold && this.available < threshold) {
      this.raise(new StockLow(this.id, this.available, threshold));
    }
  }
}
