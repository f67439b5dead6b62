import { MoneySchema, TextSchema, UuidSchema } from "@ecommerce/service-kit";
import { Type } from "typebox";

export const Uuid = UuidSchema;
export const Money = MoneySchema;

export const Country = Type.String({ pattern: "^[A-Z]{2}$" });

export const PaymentToken = Type.String({ pattern: "^[A-Za-z0-9_-]{1,100}$" });

export const Reason = TextSchema(500, { multiLine: true });

export const InvoiceLineSchema = Type.Object(
  { productId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }), unitPrice: Money },
  { additionalProperties: false },
);
