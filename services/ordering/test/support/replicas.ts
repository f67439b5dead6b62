import { randomUUID } from "node:crypto";
import {
  type Address,
  CustomerAddressChanged,
  CustomerDeactivated,
  CustomerProfileUpdated,
  CustomerRegistered,
  createEvent,
  type EventEnvelope,
  PaymentFailed,
  PaymentSucceeded,
  ProductCreated,
  ProductDiscontinued,
  ProductPriceChanged,
  ShipmentDelivered,
  ShipmentDispatched,
  StockReservationFailed,
  StockReserved,
  subscriptionNamed,
} from "@ecommerce/contracts";
import type { ConsumeOutcome } from "@ecommerce/messaging";
import type { OrderingEventHandler } from "../../src/infrastructure/event-subscriptions.ts";

// Ordering learns buyers and prices only from other contexts' events. The tests seed its replicas
// the way production does: each event goes to ordering's consumer of the subscription the topology
// declares (parse, inbox, mediator pipeline, replica, transaction and all).

/** Ordering's subscription on the customer topic. */
export const CUSTOMER_SUBSCRIPTION = subscriptionNamed("customer.ordering").name;
/** Ordering's subscription on the catalog topic (products and stock outcomes). */
export const CATALOG_SUBSCRIPTION = subscriptionNamed("catalog.ordering").name;
/** Ordering's subscriptions on billing's and shipping's topics (payments and shipments). */
export const BILLING_SUBSCRIPTION = subscriptionNamed("billing.ordering").name;
export const SHIPPING_SUBSCRIPTION = subscriptionNamed("shipping.ordering").name;

/** What a test may fix about an event's envelope; the rest gets fresh values. */
export interface EventOptions {
  id?: string;
  time?: Date;
  correlationId?: string;
  causationId?: string;
  /** The event's position in its aggregate's stream (the `sequence` extension attribute). */
  sequence?: number;
}

function metadata(options: EventOptions = {}) {
  return {
    correlationId: options.correlationId ?? randomUUID(),
    ...(options.causationId ? { causationId: options.causationId } : {}),
    ...(options.id ? { id: options.id } : {}),
    ...(options.time ? { time: options.time } : {}),
    ...(options.sequence !== undefined ? { sequence: options.sequence } : {}),
  };
}

/** A default shipping address as the customer context publishes it. */
export function address(overrides: Partial<Address> = {}): Address {
  return {
    recipient: "Ada Lovelace",
    line1: "12 Analytical Street",
    postalCode: "1011 AB",
    city: "Amsterdam",
    country: "NL",
    ...overrides,
  };
}

/** The other contexts' events ordering consumes, valid by construction (createEvent checks them). */
export const events = {
  customerRegistered: (
    customerId: string,
    data: { name?: string; defaultShippingAddress?: Address | null } = {},
    options?: EventOptions,
  ) =>
    createEvent(
      CustomerRegistered,
      {
        customerId,
        name: data.name ?? "Ada Lovelace",
        defaultShippingAddress:
          data.defaultShippingAddress === undefined
            ? address({ recipient: data.name ?? "Ada Lovelace" })
            : data.defaultShippingAddress,
      },
      metadata(options),
    ),
  customerProfileUpdated: (customerId: string, name: string, options?: EventOptions) =>
    createEvent(CustomerProfileUpdated, { customerId, name }, metadata(options)),
  customerAddressChanged: (
    customerId: string,
    defaultShippingAddress: Address | null,
    options?: EventOptions,
  ) => createEvent(CustomerAddressChanged, { customerId, defaultShippingAddress }, metadata(options)),
  customerDeactivated: (customerId: string, options?: EventOptions) =>
    createEvent(CustomerDeactivated, { customerId }, metadata(options)),
  productCreated: (
    productId: string,
    price: { amount: string; currency: string },
    data: { sku?: string; name?: string } = {},
    options?: EventOptions,
  ) =>
    createEvent(
      ProductCreated,
      {
        productId,
        sku: data.sku ?? `SKU-${productId.slice(0, 8)}`,
        name: data.name ?? `Product ${productId.slice(0, 8)}`,
        price,
      },
      metadata(options),
    ),
  productPriceChanged: (
    productId: string,
    price: { amount: string; currency: string },
    options?: EventOptions,
  ) => createEvent(ProductPriceChanged, { productId, price }, metadata(options)),
  productDiscontinued: (productId: string, options?: EventOptions) =>
    createEvent(ProductDiscontinued, { productId }, metadata(options)),
  stockReserved: (
    orderId: string,
    lines: { productId: string; quantity: number }[],
    options?: EventOptions,
  ) => createEvent(StockReserved, { orderId, lines }, metadata(options)),
  stockReservationFailed: (
    orderId: string,
    shortLines: { productId: string; requested: number; available: number }[],
    options?: EventOptions,
  ) => createEvent(StockReservationFailed, { orderId, shortLines }, metadata(options)),
  paymentSucceeded: (orderId: string, amount: { amount: string; currency: string }, options?: EventOptions) =>
    createEvent(PaymentSucceeded, { orderId, invoiceId: randomUUID(), amount }, metadata(options)),
  paymentFailed: (orderId: string, reason: string, options?: EventOptions) =>
    createEvent(PaymentFailed, { orderId, invoiceId: randomUUID(), reason }, metadata(options)),
  shipmentDispatched: (
    orderId: string,
    lines: { productId: string; quantity: number }[],
    options?: EventOptions,
  ) => createEvent(ShipmentDispatched, { shipmentId: randomUUID(), orderId, lines }, metadata(options)),
  shipmentDelivered: (orderId: string, options?: EventOptions) =>
    createEvent(ShipmentDelivered, { shipmentId: randomUUID(), orderId }, metadata(options)),
};

/**
 * Hands one event to ordering exactly as its bus subscription does (infrastructure/event-subscriptions.ts);
 * answers "handled", or "duplicate" for a redelivery the inbox recognised.
 */
export function deliver(
  handleEvent: OrderingEventHandler,
  subscription: string,
  event: EventEnvelope,
): Promise<ConsumeOutcome> {
  return handleEvent(subscription, event);
}

export type Replicas = ReturnType<typeof replicas>;

/** Seeds ordering's buyer and product replicas through the events that feed them. */
export function replicas(t: { handleEvent: OrderingEventHandler }) {
  const fromCustomer = (event: EventEnvelope) => deliver(t.handleEvent, CUSTOMER_SUBSCRIPTION, event);
  const fromCatalog = (event: EventEnvelope) => deliver(t.handleEvent, CATALOG_SUBSCRIPTION, event);
  /** A product on sale at `amount` `currency` (ProductCreated); returns its id. */
  const product = async (amount = "1.00", currency = "EUR", options?: EventOptions): Promise<string> => {
    const productId = randomUUID();
    await fromCatalog(events.productCreated(productId, { amount, currency }, {}, options));
    return productId;
  };
  return {
    fromCustomer,
    fromCatalog,

    /** A registered, active buyer (CustomerRegistered); by default with a default address. */
    async customer(
      data: { customerId?: string; name?: string; defaultShippingAddress?: Address | null } = {},
      options?: EventOptions,
    ): Promise<string> {
      const customerId = data.customerId ?? randomUUID();
      await fromCustomer(events.customerRegistered(customerId, data, options));
      return customerId;
    },

    product,

    /** Several products at once, one per amount, in the same order. */
    products: (amounts: string[], currency = "EUR"): Promise<string[]> =>
      Promise.all(amounts.map((amount) => product(amount, currency))),

    changePrice: (productId: string, amount: string, currency = "EUR", options?: EventOptions) =>
      fromCatalog(events.productPriceChanged(productId, { amount, currency }, options)),
    discontinue: (productId: string, options?: EventOptions) =>
      fromCatalog(events.productDiscontinued(productId, options)),
    deactivate: (customerId: string, options?: EventOptions) =>
      fromCustomer(events.customerDeactivated(customerId, options)),
    changeAddress: (customerId: string, defaultShippingAddress: Address | null, options?: EventOptions) =>
      fromCustomer(events.customerAddressChanged(customerId, defaultShippingAddress, options)),
    rename: (customerId: string, name: string, options?: EventOptions) =>
      fromCustomer(events.customerProfileUpdated(customerId, name, options)),
  };
}
