import * as contracts from "@ecommerce/contracts";
import type { DomainEvent } from "@ecommerce/domain-kernel";
import {
  type IntegrationEvent,
  type IntegrationEventTranslator,
  IntegrationOutbox,
  integrationEvent,
} from "@ecommerce/messaging";
import {
  ProductCreated,
  ProductDiscontinued,
  ProductPriceChanged,
  StockLow,
  StockReservationFailed,
  StockReserved,
} from "../domain/events.ts";

/** Any of catalog's aggregates, as the outbox sees it: its pending domain events. */
export interface CatalogAggregate {
  readonly domainEvents: readonly DomainEvent[];
}

/**
 * The published language: which domain events leave the service, and as what. Everything else
 * (CategoryCreated, StockChanged, ReservationReleased, ...) stays inside.
 */
function toIntegrationEvent(event: DomainEvent): IntegrationEvent | undefined {
  const at = event.occurredAt;
  if (event instanceof ProductCreated) {
    const { sku, productName: name } = event;
    const data = { productId: event.aggregateId, sku, name, price: event.price.toJSON() };
    return integrationEvent(contracts.ProductCreated, data, at);
  }
  if (event instanceof ProductPriceChanged) {
    const data = { productId: event.aggregateId, price: event.price.toJSON() };
    return integrationEvent(contracts.ProductPriceChanged, data, at);
  }
  if (event instanceof ProductDiscontinued) {
    return integrationEvent(contracts.ProductDiscontinued, { productId: event.aggregateId }, at);
  }
  if (event instanceof StockReserved) {
    const data = { orderId: event.aggregateId, lines: event.lines.map((l) => ({ ...l })) };
    return integrationEvent(contracts.StockReserved, data, at);
  }
  if (event instanceof StockReservationFailed) {
    const data = { orderId: event.aggregateId, shortLines: event.shortLines.map((l) => ({ ...l })) };
    return integrationEvent(contracts.StockReservationFailed, data, at);
  }
  if (event instanceof StockLow) {
    const { available, threshold } = event;
    return integrationEvent(contracts.StockLow, { productId: event.aggregateId, available, threshold }, at);
  }
  return undefined;
}

export const catalogIntegrationEvents: IntegrationEventTranslator<CatalogAggregate> = {
  translate: (aggregate) =>
    aggregate.domainEvents.map(toIntegrationEvent).filter((e): e is IntegrationEvent => e !== undefined),
};

/** The outbox every catalog repository writes its aggregate's events to, in the save's transaction. */
export type CatalogOutbox = IntegrationOutbox<CatalogAggregate>;

export function catalogOutbox(): CatalogOutbox {
  return new IntegrationOutbox(catalogIntegrationEvents);
}
