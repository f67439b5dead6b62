import { OrderCancelled, OrderPaid, subscriptionNamed } from "@ecommerce/contracts";
import {
  type ConsumerSet,
  consume,
  consumerSet,
  type EventBus,
  subscribeConsumers,
} from "@ecommerce/messaging";
import { eventPipeline, type Mediator } from "@ecommerce/service-kit";
import { onOrderCancelled } from "../application/integration/on-order-cancelled.ts";
import { onOrderPaid } from "../application/integration/on-order-paid.ts";
import type { ShippingUnitOfWork } from "./database.ts";

/** Handles one event delivered on one of shipping's subscriptions ("handled" or "duplicate"). */
export type ShippingEventHandler = ConsumerSet;

/**
 * What shipping does with ordering's events, on the one subscription the topology declares for it:
 * each event runs through the mediator in one transaction with its inbox row, so a redelivered
 * OrderPaid creates nothing the second time.
 */
export function shippingEventHandler(mediator: Mediator, uow: ShippingUnitOfWork): ShippingEventHandler {
  return consumerSet([
    consume(
      subscriptionNamed("ordering.shipping").name,
      {
        [OrderPaid.type]: onOrderPaid(mediator),
        [OrderCancelled.type]: onOrderCancelled(mediator),
      },
      eventPipeline(mediator, uow),
    ),
  ]);
}

/** Subscribes shipping's consumers to the bus; returns their subscriptions. */
export function subscribeShipping(bus: EventBus, handle: ShippingEventHandler): Promise<string[]> {
  return subscribeConsumers(bus, handle);
}
