import type { Address } from "../src/index.ts";
import { type DataOf, events, type KnownEventType } from "../src/index.ts";

const ids = {
  customer: "01937b6e-5f7a-7c3a-9d2e-1a2b3c4d5e6f",
  product: "01937b6e-5f7a-7c3a-9d2e-2a2b3c4d5e6f",
  order: "01937b6e-5f7a-7c3a-9d2e-3a2b3c4d5e6f",
  invoice: "01937b6e-5f7a-7c3a-9d2e-4a2b3c4d5e6f",
  shipment: "01937b6e-5f7a-7c3a-9d2e-5a2b3c4d5e6f",
};

export const address: Address = {
  recipient: "Ada Lovelace",
  line1: "12 St James's Square",
  postalCode: "SW1Y 4JH",
  city: "London",
  country: "GB",
};

const eur = (amount: string) => ({ amount, currency: "EUR" });
const lines = [{ productId: ids.product, quantity: 2, unitPrice: eur("12.50") }];

/** One valid `data` per event of the catalogue, typed by the catalogue itself. */
export const sampleData: { [K in keyof typeof events]: DataOf<(typeof events)[K]> } = {
  CustomerRegistered: { customerId: ids.customer, name: "Ada Lovelace", defaultShippingAddress: address },
  CustomerProfileUpdated: { customerId: ids.customer, name: "Ada King" },
  CustomerAddressChanged: { customerId: ids.customer, defaultShippingAddress: null },
  CustomerDeactivated: { customerId: ids.customer },
  ProductCreated: {
    productId: ids.product,
    sku: "BOOK-001",
    name: "Notes on the Analytical Engine",
    price: eur("12.50"),
  },
  ProductPriceChanged: { productId: ids.product, price: eur("10.00") },
  ProductDiscontinued: { productId: ids.product },
  StockReserved: { orderId: ids.order, lines: [{ productId: ids.product, quantity: 2 }] },
  StockReservationFailed: {
    orderId: ids.order,
    shortLines: [{ productId: ids.product, requested: 2, available: 1 }],
  },
  StockLow: { productId: ids.product, available: 3, threshold: 5 },
  OrderPlaced: { orderId: ids.order, customerId: ids.customer },
  OrderConfirmed: {
    orderId: ids.order,
    customerId: ids.customer,
    lines,
    total: eur("25.00"),
    shippingAddress: address,
  },
  OrderAwaitingPayment: { orderId: ids.order, customerId: ids.customer, total: eur("25.00") },
  OrderPaid: {
    orderId: ids.order,
    customerId: ids.customer,
    total: eur("25.00"),
    lines,
    shippingAddress: null,
  },
  OrderCancelled: { orderId: ids.order, customerId: ids.customer, reason: "out-of-stock" },
  ReservationRejected: { orderId: ids.order, reason: "unknown-order", rejectedEventId: ids.order },
  OrderShipped: { orderId: ids.order },
  OrderDelivered: { orderId: ids.order },
  PaymentSucceeded: { orderId: ids.order, invoiceId: ids.invoice, amount: eur("25.00") },
  PaymentFailed: { orderId: ids.order, invoiceId: ids.invoice, reason: "card declined" },
  PaymentRefunded: {
    orderId: ids.order,
    invoiceId: ids.invoice,
    amount: { amount: "35.72", currency: "EUR" },
  },
  ShipmentCreated: {
    shipmentId: ids.shipment,
    orderId: ids.order,
    lines: [{ productId: ids.product, quantity: 2 }],
  },
  ShipmentDispatched: {
    shipmentId: ids.shipment,
    orderId: ids.order,
    lines: [{ productId: ids.product, quantity: 2 }],
  },
  ShipmentDelivered: { shipmentId: ids.shipment, orderId: ids.order },
};

export const sampleEntries = Object.entries(events).map(([key, eventType]) => ({
  key,
  eventType: eventType as KnownEventType,
  data: sampleData[key as keyof typeof events] as unknown,
}));
