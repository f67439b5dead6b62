import {
  CursorSchema,
  DEFAULT_PAGE_SIZE,
  ifMatchHeader,
  PageSizeSchema,
  ProblemSchema,
  pageOf,
} from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Carrier, TrackingNumber, Uuid } from "../application/message-schemas.ts";
import { MAX_CURSOR_LENGTH } from "../application/queries/list-shipments.ts";
import { ShipmentStatus } from "../domain/shipment-status.ts";

// Field shapes come from the application's message schemas: the mediator checks the same ones.

export const ShipmentIdParams = Type.Object({ id: Uuid });

export const TrackingParams = Type.Object({ trackingNumber: TrackingNumber });

export const DispatchRequest = Type.Object(
  {
    carrier: Carrier,
    trackingNumber: TrackingNumber,
  },
  { additionalProperties: false, description: "The carrier that took the parcel and its tracking number" },
);

export const ListShipmentsQuery = Type.Object(
  {
    orderId: Uuid,
    cursor: Type.Optional(CursorSchema(MAX_CURSOR_LENGTH)),
    limit: PageSizeSchema({ default: DEFAULT_PAGE_SIZE }),
  },
  { additionalProperties: false },
);

const IdempotencyKey = Type.Optional(
  Type.String({ maxLength: 255, description: "A repeat answers with the first response" }),
);

/** Commands on an existing shipment: optimistic concurrency on its ETag. */
export const CommandHeaders = Type.Object({
  "if-match": ifMatchHeader(),
  "idempotency-key": IdempotencyKey,
});

const Status = Type.Enum(Object.values(ShipmentStatus));

export const ShipmentResponse = Type.Object({
  id: Uuid,
  orderId: Uuid,
  customerId: Type.Union([Uuid, Type.Null()]),
  status: Status,
  lines: Type.Array(Type.Object({ productId: Uuid, quantity: Type.Integer() })),
  address: Type.Object({
    recipient: Type.String(),
    line1: Type.String(),
    line2: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    city: Type.String(),
    postalCode: Type.String(),
    region: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    country: Type.String(),
  }),
  carrier: Type.Union([Type.String(), Type.Null()]),
  trackingNumber: Type.Union([Type.String(), Type.Null()]),
  history: Type.Array(Type.Object({ status: Status, at: Type.String({ format: "date-time" }) }), {
    description: "The tracking view: every step with its time, oldest first",
  }),
  version: Type.Integer(),
});

export const ShipmentPage = pageOf(ShipmentResponse);

export const Problem = ProblemSchema;
