import { MoneySchema, ProblemSchema, pageOf } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { MAX_LINES_PER_ORDER, MAX_REASON_LENGTH } from "../domain/order.ts";
import { MAX_QUANTITY_PER_LINE } from "../domain/order-line.ts";
import { ORDER_STATUSES } from "../domain/order-status.ts";

const Uuid = Type.String({ format: "uuid", description: "UUID" });

export const Money = MoneySchema;

export const LineRequest = Type.Object(
  {
    productId: Uuid,
    quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY_PER_LINE }),
  },
  {
    additionalProperties: false,
    description: "Priced by ordering from the catalog's prices; a price sent by the client is refused",
  },
);

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const Address = Type.Object(
  {
    recipient: Type.Optional(Text(200)),
    line1: Text(200),
    line2: Type.Optional(Type.Union([Text(200), Type.Null()])),
    postalCode: Text(20),
    city: Text(100),
    region: Type.Optional(Type.Union([Text(100), Type.Null()])),
    country: Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2" }),
  },
  { additionalProperties: false },
);

export const PlaceOrderRequest = Type.Object(
  {
    customerId: Uuid,
    lines: Type.Array(LineRequest, { maxItems: MAX_LINES_PER_ORDER }),
    shippingAddress: Type.Optional(Address),
  },
  {
    additionalProperties: false,
    description: "The shipping address defaults to the customer's default address",
  },
);

export const CancelOrderRequest = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: MAX_REASON_LENGTH }) },
  { additionalProperties: false },
);

export const OrderIdParams = Type.Object({ id: Uuid });

export const ListOrdersQuery = Type.Object(
  {
    customerId: Uuid,
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

const IdempotencyKey = Type.Optional(
  Type.String({ maxLength: 255, description: "A repeat answers with the first response" }),
);

/** Placing an order: there is no order yet, so no version to match. */
export const PlaceOrderHeaders = Type.Object({ "idempotency-key": IdempotencyKey });

/** Commands on an existing order: optimistic concurrency on its ETag. */
export const IfMatchHeaders = Type.Object({
  "if-match": Type.Optional(Type.String({ description: 'The order\'s ETag, e.g. "3"' })),
  "idempotency-key": IdempotencyKey,
});

export const OrderResponse = Type.Object({
  id: Uuid,
  customerId: Uuid,
  orderDate: Type.String({ format: "date-time" }),
  status: Type.Enum(ORDER_STATUSES),
  total: Money,
  lines: Type.Array(
    Type.Object({ productId: Uuid, quantity: Type.Integer(), unitPrice: Money, lineTotal: Money }),
  ),
  cancellationReason: Type.Optional(Type.String()),
  shippingAddress: Type.Union([Address, Type.Null()]),
  version: Type.Integer(),
});

export const OrderPage = pageOf(OrderResponse);

export const Problem = ProblemSchema;
