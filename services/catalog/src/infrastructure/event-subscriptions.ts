import {
  OrderCancelled,
  OrderConfirmed,
  ReservationRejected,
  ShipmentDispatched,
  subscriptionNamed,
} from "@ecommerce/contracts";
import {
  type ConsumerSet,
  consume,
  consumerSet,
  type EventBus,
  subscribeConsumers,
} from "@ecommerce/messaging";
import { eventPipeline, type Mediator } from "@ecommerce/service-kit";
import type { Logger } from "pino";
import { onOrderCancelled } from "../application/integration/on-order-cancelled.ts";
import { onOrderConfirmed } from "../application/integration/on-order-confirmed.ts";
import { onReservationRejected } from "../application/integration/on-reservation-rejected.ts";
import { onShipmentDispatched } from "../application/integration/on-shipment-dispatched.ts";
import type { CatalogUnitOfWork } from "./database.ts";

/** Handles one event delivered on one of catalog's subscriptions ("handled" or "duplicate"). */
export type CatalogEventHandler = ConsumerSet;

/**
 * What catalog does with other contexts' events, one consumer per subscription the topology
 * declares for it: each event runs through the mediator, in one transaction with its inbox row, and
 * the commands its handler sends (ReserveStock, ...) are validated, logged and audited as any other.
 */
export function catalogEventHandler(
  mediator: Mediator,
  uow: CatalogUnitOfWork,
  logger: Logger,
): CatalogEventHandler {
  const pipeline = eventPipeline(mediator, uow);
  return consumerSet([
    consume(
      subscriptionNamed("ordering.catalog").name,
      {
        [OrderConfirmed.type]: onOrderConfirmed(mediator),
        [OrderCancelled.type]: onOrderCancelled(mediator),
        [ReservationRejected.type]: onReservationRejected(mediator, logger),
      },
      pipeline,
    ),
    consume(
      subscriptionNamed("shipping.catalog").name,
      { [ShipmentDispatched.type]: onShipmentDispatched(mediator) },
      pipeline,
    ),
  ]);
}

/** Subscribes catalog's consumers to the bus; returns their subscriptions. */
export function subscribeCatalog(bus: EventBus, handle: CatalogEventHandler): Promise<string[]> {
  return subscribeConsumers(bus, handle);
}
