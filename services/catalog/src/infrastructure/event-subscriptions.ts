import {
  type EventEnvelope,
  isEvent,
  OrderCancelled,
  OrderConfirmed,
  parseEvent,
  ShipmentDispatched,
  subscriptionsOf,
} from "@ecommerce/contracts";
import { DomainError } from "@ecommerce/domain-kernel";
import { type EventBus, PermanentFailure } from "@ecommerce/messaging";
import { ApplicationError, type Mediator, runWithContext } from "@ecommerce/service-kit";
import type { Logger } from "pino";
import { OnOrderCancelled } from "../application/integration/on-order-cancelled.ts";
import { type IntegrationOutcome, OnOrderConfirmed } from "../application/integration/on-order-confirmed.ts";
import { OnShipmentDispatched } from "../application/integration/on-shipment-dispatched.ts";

/** Handles one event delivered on one of catalog's subscriptions. */
export type CatalogEventHandler = (
  subscription: string,
  event: EventEnvelope | string,
) => Promise<IntegrationOutcome | "ignored">;

/**
 * What catalog does with other contexts' events: each becomes a command through the mediator (one
 * transaction with its inbox record), in the event's correlation, so that the events it causes carry
 * the same correlation id and the event as their cause. A rule that refuses the event for good
 * (unknown reservation, invalid lines) is a permanent failure: the bus dead-letters it at once.
 */
export function catalogEventHandler(mediator: Mediator, logger: Logger): CatalogEventHandler {
  return async (subscription, raw) => {
    const event = parseEvent(raw);
    const context = { requestId: event.id, correlationId: event.correlationid, causationId: event.id };
    return runWithContext(context, async () => {
      try {
        if (isEvent(event, OrderConfirmed))
          return await mediator.send(new OnOrderConfirmed(subscription, event));
        if (isEvent(event, OrderCancelled))
          return await mediator.send(new OnOrderCancelled(subscription, event));
        if (isEvent(event, ShipmentDispatched)) {
          return await mediator.send(new OnShipmentDispatched(subscription, event));
        }
      } catch (error) {
        if (
          error instanceof DomainError ||
          (error instanceof ApplicationError && error.kind === "malformed")
        ) {
          throw new PermanentFailure(error.code, error.message, { cause: error });
        }
        throw error;
      }
      logger.warn(
        { subscription, eventType: event.type, eventId: event.id },
        "event type not handled by catalog",
      );
      return "ignored";
    });
  };
}

/** Subscribes the handler to every subscription the topology declares for catalog. */
export async function subscribeCatalog(bus: EventBus, handle: CatalogEventHandler): Promise<string[]> {
  const names: string[] = [];
  for (const subscription of subscriptionsOf("catalog")) {
    await bus.subscribe(subscription.name, async (event) => {
      await handle(subscription.name, event);
    });
    names.push(subscription.name);
  }
  return names;
}
