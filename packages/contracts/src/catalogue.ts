import type { Context, EnvelopeOf, EventType } from "./event-type.ts";
import { PaymentFailed, PaymentRefunded, PaymentSucceeded } from "./events/billing-events.ts";
import {
  ProductCreated,
  ProductDiscontinued,
  ProductPriceChanged,
  StockLow,
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
  OrderDelivered,
  OrderPaid,
  OrderPlaced,
  OrderShipped,
  ReservationRejected,
} from "./events/ordering-events.ts";
import { ShipmentCreated, ShipmentDelivered, ShipmentDispatched } from "./events/shipping-events.ts";

/** Every integration event of the order lifecycle, by its TypeScript name. */
export const events = {
  CustomerRegistered,
  CustomerProfileUpdated,
  CustomerAddressChanged,
  CustomerDeactivated,
  ProductCreated,
  ProductPriceChanged,
  ProductDiscontinued,
  StockReserved,
  StockReservationFailed,
  StockLow,
  OrderPlaced,
  OrderConfirmed,
  OrderAwaitingPayment,
  OrderPaid,
  OrderCancelled,
  OrderShipped,
  OrderDelivered,
  ReservationRejected,
  PaymentSucceeded,
  PaymentFailed,
  PaymentRefunded,
  ShipmentCreated,
  ShipmentDispatched,
  ShipmentDelivered,
} as const;

type Events = typeof events;
export type KnownEventType = Events[keyof Events];
/** The CloudEvents `type` strings of the catalogue. */
export type KnownEventTypeName = KnownEventType["type"];
/** A parsed event: a union discriminated on `type`, so `data` narrows with it. */
export type KnownEvent = { [K in keyof Events]: EnvelopeOf<Events[K]> }[keyof Events];

export const eventCatalogue: readonly KnownEventType[] = Object.values(events);

const byType = new Map<string, KnownEventType>(eventCatalogue.map((event) => [event.type, event]));

export function findEventType(type: string): KnownEventType | undefined {
  return byType.get(type);
}

export function eventTypesOf(context: Context): KnownEventType[] {
  return eventCatalogue.filter((event) => event.context === context);
}

/** Narrows a parsed event to one type: `if (isEvent(event, OrderConfirmed)) event.data.lines`. */
export function isEvent<E extends EventType>(event: { type: string }, eventType: E): event is EnvelopeOf<E> {
  return event.type === eventType.type;
}
