import { TextSchema, UuidSchema } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { MAX_REASON_LENGTH } from "../domain/order.ts";
import { MAX_QUANTITY_PER_LINE } from "../domain/order-line.ts";
import { PAYMENT_TOKEN_PATTERN } from "../domain/payment-method.ts";
import { ADDRESS_MAX_LENGTHS, COUNTRY_CODE_PATTERN } from "../domain/shipping-address.ts";

// Field schemas shared by the messages' own schemas and the HTTP layer's, so that a command sent
// by an event handler or a script is held to the same bounds as one built from a request.

export const Uuid = UuidSchema;

/** Service-kit's bounded text: no control characters (PostgreSQL cannot even store NUL). */
export const Text = (maxLength: number) => TextSchema(maxLength);

/** A reason may span lines; blank is the domain's to refuse (422 order.invalid_reason). */
export const CancellationReason = TextSchema(MAX_REASON_LENGTH, { multiLine: true });

/** A RequestedLine (ports.ts); prices are ordering's own, so a line carries none. */
export const RequestedLineSchema = Type.Object(
  {
    productId: Uuid,
    quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY_PER_LINE }),
  },
  { additionalProperties: false },
);

const max = ADDRESS_MAX_LENGTHS;

/** A RequestedAddress (place-order.ts): the recipient defaults to the buyer's name. */
export const RequestedAddressSchema = Type.Object(
  {
    recipient: Type.Optional(Text(max.recipient)),
    line1: Text(max.line1),
    line2: Type.Optional(Type.Union([Text(max.line2), Type.Null()])),
    postalCode: Text(max.postalCode),
    city: Text(max.city),
    region: Type.Optional(Type.Union([Text(max.region), Type.Null()])),
    country: Type.String({ pattern: COUNTRY_CODE_PATTERN, description: "ISO 3166-1 alpha-2" }),
  },
  { additionalProperties: false },
);

/** A PaymentMethod (domain/payment-method.ts): the provider's token for how the customer pays. */
export const PaymentMethodSchema = Type.Object(
  {
    token: Type.String({
      pattern: PAYMENT_TOKEN_PATTERN,
      description: "The payment provider's token (1-100 letters, digits, _ or -), never a card number",
    }),
  },
  { additionalProperties: false },
);
