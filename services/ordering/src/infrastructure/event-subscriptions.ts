import { subscriptionNamed } from "@ecommerce/contracts";
import {
  type ConsumerSet,
  consume,
  consumerSet,
  type EventBus,
  subscribeConsumers,
} from "@ecommerce/messaging";
import { eventPipeline, type Mediator } from "@ecommerce/service-kit";
import type { Logger } from "pino";
import { onCustomerEvents } from "../application/integration/on-customer-events.ts";
import { onPaymentEvents } from "../application/integration/on-payment-events.ts";
import { onProductEvents } from "../application/integration/on-product-events.ts";
import { onShipmentEvents } from "../application/integration/on-shipment-events.ts";
import { onStockEvents } from "../application/integration/on-stock-events.ts";
import type {
  BuyerReplica,
  OrderRepository,
  ProductReplica,
  ReservationRejections,
} from "../application/ports.ts";
import type { OrderingUnitOfWork } from "./database.ts";

/** Handles one event delivered on one of ordering's subscriptions ("handled" or "duplicate"). */
export type OrderingEventHandler = ConsumerSet;

export interface OrderingConsumerDependencies {
  mediator: Mediator;
  uow: OrderingUnitOfWork;
  buyers: BuyerReplica;
  products: ProductReplica;
  orders: OrderRepository;
  rejections: ReservationRejections;
  logger: Logger;
}

/**
 * Ordering's consumers, one per subscription the topology declares for it: the replicas (customer,
 * catalog products) and the order lifecycle (catalog's stock, billing's payments, shipping's
 * shipments). A type a subscription receives without a handler here is dead-lettered
 * (UnhandledEventType), to be replayed once a version of ordering handles it.
 */
export function orderingEventHandler(deps: OrderingConsumerDependencies): OrderingEventHandler {
  const pipeline = eventPipeline(deps.mediator, deps.uow);
  return consumerSet([
    consume(subscriptionNamed("customer.ordering").name, onCustomerEvents(deps.buyers), pipeline),
    consume(
      subscriptionNamed("catalog.ordering").name,
      { ...onProductEvents(deps.products), ...onStockEvents(deps.orders, deps.rejections, deps.logger) },
      pipeline,
    ),
    consume(subscriptionNamed("billing.ordering").name, onPaymentEvents(deps.orders, deps.logger), pipeline),
    consume(
      subscriptionNamed("shipping.ordering").name,
      onShipmentEvents(deps.orders, deps.logger),
      pipeline,
    ),
  ]);
}

/** Subscribes ordering's consumers to the bus; returns their subscriptions. */
export function subscribeToIntegrationEvents(bus: EventBus, handle: OrderingEventHandler): Promise<string[]> {
  return subscribeConsumers(bus, handle);
}
