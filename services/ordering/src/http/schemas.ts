import {
  CursorSchema,
  DEFAULT_PAGE_SIZE,
  ifMatchHeader,
  MoneySchema,
  PageSizeSchema,
  ProblemSchema,
  pageOf,
} from "@ecommerce/service-kit";
import { Type } from "typebox";
import {
  CancellationReason,
  PaymentMethodSchema,
  RequestedAddressSchema,
  RequestedLineSchema,
  Uuid,
} from "../application/message-schemas.ts";
import { MAX_CURSOR_LENGTH } from "../application/queries/list-orders.ts";
import { MAX_LINES_PER_ORDER } from "../domain/order.ts";
import { ORDER_STATUSES } from "../domain/order-status.ts";

const StatusChange = Type.Object({
  status: Type.Enum(ORDER_STATUSES),
  at: Type.String({ format: "date-time" }),
  cause: Type.Optional(
    Type.Enum(["customer-request", "out-of-stock", "payment-failed"], {
      description: "Why it was cancelled",
    }),
  ),
  causedBy: Type.Optional(
    Type.Object(
      {
        kind: Type.Enum(["command", "event"]),
        type: Type.String({ description: "The command's name, or the event's CloudEvents type" }),
        id: Type.String({ description: "The command's request id (x-request-id), or the event's id" }),
      },
      { description: "What made the order change status" },
    ),
  ),
});

export const Money = MoneySchema;

export const LineRequest = Type.Object(RequestedLineSchema.properties, {
  additionalProperties: false,
  description: "Priced by ordering from the catalog's prices; a price sent by the client is refused",
});

export const Address = RequestedAddressSchema;

export const PlaceOrderRequest = Type.Object(
  {
    customerId: Uuid,
    lines: Type.Array(LineRequest, { maxItems: MAX_LINES_PER_ORDER }),
    shippingAddress: Type.Optional(Address),
    paymentMethod: Type.Optional(PaymentMethodSchema),
  },
  {
    additionalProperties: false,
    description:
      "The shipping address defaults to the customer's default address; the payment method to the token tok_ok",
  },
);

export const CancelOrderRequest = Type.Object(
  { reason: CancellationReason },
  { additionalProperties: false },
);

export const OrderIdParams = Type.Object({ id: Uuid });

export const ListOrdersQuery = Type.Object(
  {
    customerId: Type.Optional({
      ...Uuid,
      description: "One customer's orders; staff may leave it out for all",
    }),
    status: Type.Optional(Type.Enum(ORDER_STATUSES)),
    from: Type.Optional(
      Type.String({ format: "date-time", maxLength: 40, description: "Placed at or after (RFC 3339)" }),
    ),
    to: Type.Optional(
      Type.String({ format: "date-time", maxLength: 40, description: "Placed before (RFC 3339)" }),
    ),
    cursor: Type.Optional(CursorSchema(MAX_CURSOR_LENGTH)),
    limit: PageSizeSchema({ default: DEFAULT_PAGE_SIZE }),
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
  "if-match": ifMatchHeader(),
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
  history: Type.Array(StatusChange, { description: "Every status change, oldest first" }),
  version: Type.Integer(),
});

export const OrderPage = pageOf(OrderResponse);

export const Problem = ProblemSchema;
