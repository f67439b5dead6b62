import { eventCatalogue, eventTypesOf, findEventType } from "./catalogue.ts";
import { type Context, contexts } from "./event-type.ts";
import { PaymentFailed, PaymentSucceeded } from "./events/billing-events.ts";
import {
  ProductCreated,
  ProductDiscontinued,
  ProductPriceChanged,
  StockReservationFailed,
  StockReserved,
} from "./events/catalog-events.ts";
import {
  CustomerAddressChanged,
  CustomerDeactivated,
  CustomerProfileUpdated,
  CustomerRegistered,
} from "./events/customer-events.ts";
import {
  OrderAwaitingPayment,
  OrderCancelled,
  OrderConfirmed,
  OrderPaid,
  ReservationRejected,
} from "./events/ordering-events.ts";
import { ShipmentDelivered, ShipmentDispatched } from "./events/shipping-events.ts";

/** The services that consume events. Every publishing context is a service of the same name. */
export const services = ["catalog", "ordering", "customer", "billing", "shipping"] as const;
export type ServiceName = (typeof services)[number];

export interface TopicDefinition {
  /** Named after the publishing context. */
  readonly name: Context;
  /** Every event type the context publishes. */
  readonly eventTypes: readonly string[];
}

export interface SubscriptionDefinition {
  /**
   * Stable name `<topic>.<consumer>`: "catalog.ordering" is ordering's subscription on the catalog
   * topic. It names the queue (postgres) and, split at the dot, the topic and subscription (Azure).
   */
  readonly name: `${Context}.${ServiceName}`;
  readonly topic: Context;
  readonly consumer: ServiceName;
  /** The only event types delivered to it (a filter on the event type). */
  readonly eventTypes: readonly string[];
  /** Delivered in order per subject (aggregate id): sessions on Azure, key-FIFO queues on postgres. */
  readonly ordered: boolean;
}

export interface Topology {
  readonly topics: readonly TopicDefinition[];
  readonly subscriptions: readonly SubscriptionDefinition[];
}

function subscription(
  topic: Context,
  consumer: ServiceName,
  eventTypes: readonly { type: string }[],
): SubscriptionDefinition {
  return {
    name: `${topic}.${consumer}`,
    topic,
    consumer,
    eventTypes: eventTypes.map((e) => e.type),
    ordered: true,
  };
}

/** Who listens to what: the single declaration provisioning, the emulator config and the buses read. */
export const topology: Topology = {
  topics: contexts.map((context) => ({
    name: context,
    eventTypes: eventTypesOf(context).map((e) => e.type),
  })),
  subscriptions: [
    subscription("customer", "ordering", [
      CustomerRegistered,
      CustomerProfileUpdated,
      CustomerAddressChanged,
      CustomerDeactivated,
    ]),
    subscription("catalog", "ordering", [
      ProductCreated,
      ProductPriceChanged,
      ProductDiscontinued,
      StockReserved,
      StockReservationFailed,
    ]),
    subscription("billing", "ordering", [PaymentSucceeded, PaymentFailed]),
    subscription("shipping", "ordering", [ShipmentDispatched, ShipmentDelivered]),
    subscription("ordering", "catalog", [OrderConfirmed, OrderCancelled, ReservationRejected]),
    subscription("shipping", "catalog", [ShipmentDispatched]),
    subscription("ordering", "billing", [OrderAwaitingPayment, OrderCancelled]),
    subscription("ordering", "shipping", [OrderPaid, OrderCancelled]),
  ],
};

/** The subscriptions a service consumes from. */
export function subscriptionsOf(service: ServiceName, within: Topology = topology): SubscriptionDefinition[] {
  return within.subscriptions.filter((s) => s.consumer === service);
}

export function findSubscription(
  name: string,
  within: Topology = topology,
): SubscriptionDefinition | undefined {
  return within.subscriptions.find((s) => s.name === name);
}

/** Like findSubscription, but an unknown name is a programming error with the list of valid ones. */
export function subscriptionNamed(name: string, within: Topology = topology): SubscriptionDefinition {
  const found = findSubscription(name, within);
  if (!found) {
    const known = within.subscriptions.map((s) => s.name).join(", ");
    throw new Error(`Unknown subscription "${name}"; the topology declares: ${known}`);
  }
  return found;
}

/** The topic an event type is published on: its context's. */
export function topicOf(eventType: string): Context {
  const found = findEventType(eventType);
  if (!found) throw new Error(`Unknown event type "${eventType}": it is not in the contracts catalogue`);
  return found.context;
}

/** The subscriptions that receive an event type. */
export function subscribersOf(eventType: string, within: Topology = topology): SubscriptionDefinition[] {
  return within.subscriptions.filter((s) => s.eventTypes.includes(eventType));
}

/**
 * Problems that would make the topology lie: unknown types, a subscription taking a type its topic
 * does not carry, a name that does not follow `<topic>.<consumer>`, duplicates. Empty when sound.
 */
export function topologyProblems(within: Topology = topology): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const sub of within.subscriptions) {
    if (names.has(sub.name)) problems.push(`subscription ${sub.name} is declared twice`);
    names.add(sub.name);
    if (sub.name !== `${sub.topic}.${sub.consumer}`)
      problems.push(`subscription ${sub.name} must be named ${sub.topic}.${sub.consumer}`);
    const topic = within.topics.find((t) => t.name === sub.topic);
    if (!topic) problems.push(`subscription ${sub.name} is on undeclared topic ${sub.topic}`);
    if (sub.eventTypes.length === 0) problems.push(`subscription ${sub.name} takes no event type`);
    for (const type of sub.eventTypes) {
      if (!eventCatalogue.some((e) => e.type === type))
        problems.push(`subscription ${sub.name}: unknown type ${type}`);
      else if (topic && !topic.eventTypes.includes(type)) {
        problems.push(`subscription ${sub.name} takes ${type}, which topic ${sub.topic} does not carry`);
      }
    }
  }
  return problems;
}
