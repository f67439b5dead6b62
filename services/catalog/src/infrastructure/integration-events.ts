import { randomUUID } from "node:crypto";
import * as contracts from "@ecommerce/contracts";
import type { DomainEvent } from "@ecommerce/domain-kernel";
import { appendToOutbox } from "@ecommerce/messaging";
import { currentContext } from "@ecommerce/service-kit";
import {
  ProductCreated,
  ProductDiscontinued,
  ProductPriceChanged,
  StockLow,
  StockReservationFailed,
  StockReserved,
} from "../domain/events.ts";
import type { Tx } from "./database.ts";

/**
 * The published language: which domain events leave the service, and as what. Everything else
 * (CategoryCreated, StockChanged, ReservationReleased, ...) stays inside.
 */
export function toIntegrationEvent(
  event: DomainEvent,
  metadata: contracts.EventMetadata,
): contracts.EventEnvelope | undefined {
  if (event instanceof ProductCreated) {
    return contracts.createEvent(
      contracts.ProductCreated,
      { productId: event.aggregateId, sku: event.sku, name: event.productName, price: event.price.toJSON() },
      metadata,
    );
  }
  if (event instanceof ProductPriceChanged) {
    return contracts.createEvent(
      contracts.ProductPriceChanged,
      { productId: event.aggregateId, price: event.price.toJSON() },
      metadata,
    );
  }
  if (event instanceof ProductDiscontinued) {
    return contracts.createEvent(contracts.ProductDiscontinued, { productId: event.aggregateId }, metadata);
  }
  if (event instanceof StockReserved) {
    return contracts.createEvent(
      contracts.StockReserved,
      { orderId: event.aggregateId, lines: event.lines.map((l) => ({ ...l })) },
      metadata,
    );
  }
  if (event instanceof StockReservationFailed) {
    return contracts.createEvent(
      contracts.StockReservationFailed,
      { orderId: event.aggregateId, shortLines: event.shortLines.map((l) => ({ ...l })) },
      metadata,
    );
  }
  if (event instanceof StockLow) {
    return contracts.createEvent(
      contracts.StockLow,
      { productId: event.aggregateId, available: event.available, threshold: event.threshold },
      metadata,
    );
  }
  return undefined;
}

/**
 * Writes an aggregate's integration events to the transactional outbox, in the transaction that saves
 * it: they are published if and only if the change commits. Correlation and causation come from the
 * request or the event being handled (see the request context).
 */
export class OutboxWriter {
  async write(tx: Tx, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const context = currentContext();
    const correlationId = context?.correlationId ?? randomUUID();
    const metadata = { correlationId, causationId: context?.causationId ?? correlationId };
    const envelopes = events
      .map((event) => toIntegrationEvent(event, { ...metadata, time: event.occurredAt }))
      .filter((e): e is contracts.EventEnvelope => e !== undefined);
    await appendToOutbox(tx, envelopes);
  }
}
