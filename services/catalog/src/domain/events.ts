import type { DomainEvent, Money } from "@ecommerce/domain-kernel";

abstract class CatalogEvent implements DomainEvent {
  abstract readonly name: string;
  readonly occurredAt = new Date();
  constructor(readonly aggregateId: string) {}
}

export class CategoryCreated extends CatalogEvent {
  readonly name = "CategoryCreated";
  constructor(
    categoryId: string,
    readonly categoryName: string,
    readonly parentId: string | null,
  ) {
    super(categoryId);
  }
}

export class ProductCreated extends CatalogEvent {
  readonly name = "ProductCreated";
  constructor(
    productId: string,
    readonly sku: string,
    readonly productName: string,
    readonly price: Money,
    readonly categoryId: string,
  ) {
    super(productId);
  }
}

export class ProductPriceChanged extends CatalogEvent {
  readonly name = "ProductPriceChanged";
  constructor(
    productId: string,
    readonly price: Money,
    readonly previousPrice: Money,
  ) {
    super(productId);
  }
}

export class ProductDiscontinued extends CatalogEvent {
  readonly name = "ProductDiscontinued";
}

/** Why on-hand or reserved stock changed; each change is one line of the inventory's audit trail. */
export type StockChangeKind = "initial" | "adjustment" | "reservation" | "release" | "shipment";

export class StockChanged extends CatalogEvent {
  readonly name = "StockChanged";
  constructor(
    productId: string,
    readonly kind: StockChangeKind,
    readonly onHandDelta: number,
    readonly reservedDelta: number,
    readonly onHandAfter: number,
    readonly reservedAfter: number,
    readonly reason: string,
    readonly orderId: string | null,
  ) {
    super(productId);
  }
}

/** Available stock fell below the product's threshold (raised once per crossing). */
export class StockLow extends CatalogEvent {
  readonly name = "StockLow";
  constructor(
    productId: string,
    readonly available: number,
    readonly threshold: number,
  ) {
    super(productId);
  }
}

export interface StockLine {
  productId: string;
  quantity: number;
}

export interface ShortLine {
  productId: string;
  requested: number;
  available: number;
}

export class StockReserved extends CatalogEvent {
  readonly name = "StockReserved";
  constructor(
    orderId: string,
    readonly lines: readonly StockLine[],
  ) {
    super(orderId);
  }
}

export class StockReservationFailed extends CatalogEvent {
  readonly name = "StockReservationFailed";
  constructor(
    orderId: string,
    readonly shortLines: readonly ShortLine[],
  ) {
    super(orderId);
  }
}

export class ReservationReleased extends CatalogEvent {
  readonly name = "ReservationReleased";
  constructor(
    orderId: string,
    readonly lines: readonly StockLine[],
  ) {
    super(orderId);
  }
}

export class ReservationCommitted extends CatalogEvent {
  readonly name = "ReservationCommitted";
  constructor(
    orderId: string,
    readonly lines: readonly StockLine[],
  ) {
    super(orderId);
  }
}

export type CatalogDomainEvent =
  | CategoryCreated
  | ProductCreated
  | ProductPriceChanged
  | ProductDiscontinued
  | StockChanged
  | StockLow
  | StockReserved
  | StockReservationFailed
  | ReservationReleased
  | ReservationCommitted;
