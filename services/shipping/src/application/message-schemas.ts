import { TextSchema, UuidSchema } from "@ecommerce/service-kit";
import { Type } from "typebox";

export const Uuid = UuidSchema;

const Text = (maxLength: number) => TextSchema(maxLength, { notBlank: true });

export const ShipmentLineSchema = Type.Object(
  { productId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
  { additionalProperties: false },
);

export const AddressSnapshotSchema = Type.Object(
  {
    recipient: Text(200),
    line1: Text(200),
    line2: Type.Optional(Type.Union([Text(200), Type.Null()])),
    city: Text(100),
    postalCode: Text(20),
    region: Type.Optional(Type.Union([Text(100), Type.Null()])),
    country: Type.String({ pattern: "^[A-Z]{2}$" }),
  },
  { additionalProperties: false },
);

export const Carrier = Text(100);
export const TrackingNumber = Text(100);
