import Type from "typebox";
import { AddressSchema, PaymentToken, Quantity, Uuid } from "../common-schemas.ts";
import { defineEvent } from "../event-type.ts";
import { MoneySchema } from "../money.ts";

const OrderLineSchema = Type.Object({ productId: Uuid, quantity: Quantity, unitPrice: MoneySchema });
const OrderLines = Type.Array(OrderLineSchema, { minItems: 1 });
const ShippingAddress = Type.Union([AddressSchema, Type.Null()]);

export type OrderLine = Type.Static<typeof OrderLineSchema>;

export const OrderPlaced = defineEvent({
  context: "ordering",
  name: "order-placed",
  version: 1,
  subjectField: "orderId",
  description: "A customer started a (Pending) order.",
  schema: Type.Object({ orderId: Uuid, customerId: Uuid }),
});

export const OrderConfirmed = defineEvent({
  context: "ordering",
  name: "order-confirmed",
  version: 1,
  subjectField: "orderId",
  description: "The customer confirmed the order: catalog reserves its stock.",
  schema: Type.Object({
    orderId: Uuid,
    customerId: Uuid,
    lines: OrderLines,
    total: MoneySchema,
    shippingAddress: ShippingAddress,
  }),
});

export const OrderAwaitingPayment = defineEvent({
  context: "ordering",
  name: "order-awaiting-payment",
  version: 1,
  subjectField: "orderId",
  description:
    "Stock is reserved: billing invoices and charges the total. lines, shippingAddress (for the tax country) and paymentMethod were added compatibly: a consumer of the first publisher may see them absent.",
  schema: Type.Object({
    orderId: Uuid,
    customerId: Uuid,
    total: MoneySchema,
    lines: Type.Optional(OrderLines),
    shippingAddress: Type.Optional(ShippingAddress),
    paymentMethod: Type.Optional(Type.Object({ token: PaymentToken })),
  }),
});

export const OrderPaid = defineEvent({
  context: "ordering",
  name: "order-paid",
  version: 1,
  subjectField: "orderId",
  description: "Payment succeeded: shipping creates a shipment.",
  schema: Type.Object({
    orderId: Uuid,
    customerId: Uuid,
    total: MoneySchema,
    lines: OrderLines,
    shippingAddress: ShippingAddress,
  }),
});

const CancellationReason = Type.Union([
  Type.Literal("out-of-stock"),
  Type.Literal("payment-failed"),
  Type.Literal("customer-request"),
]);

export type OrderCancellationReason = Type.Static<typeof CancellationReason>;

export const OrderCancelled = defineEvent({
  context: "ordering",
  name: "order-cancelled",
  version: 1,
  subjectField: "orderId",
  description: "Catalog releases reservations, billing voids or refunds, shipping cancels.",
  schema: Type.Object({
    orderId: Uuid,
    customerId: Uuid,
    reason: CancellationReason,
  }),
});

export const ReservationRejected = defineEvent({
  context: "ordering",
  name: "reservation-rejected",
  version: 1,
  subjectField: "orderId",
  description:
    "Catalog reserved stock for an order ordering does not have, or has cancelled: catalog releases it.",
  schema: Type.Object({
    orderId: Uuid,
    reason: Type.Union([Type.Literal("unknown-order"), Type.Literal("order-cancelled")]),
    /** The StockReserved event that announced the reservation. */
    rejectedEventId: Uuid,
  }),
});

export const OrderShipped = defineEvent({
  context: "ordering",
  name: "order-shipped",
  version: 1,
  subjectField: "orderId",
  description: "The order's shipment left the warehouse.",
  schema: Type.Object({ orderId: Uuid }),
});

export const OrderDelivered = defineEvent({
  context: "ordering",
  name: "order-delivered",
  version: 1,
  subjectField: "orderId",
  description: "The order reached the customer.",
  schema: Type.Object({ orderId: Uuid }),
});
