import { ProblemSchema, pageOf } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { MAX_ADDRESSES, MAX_NAME_LENGTH } from "../domain/customer.ts";
import { CUSTOMER_STATUSES } from "../domain/customer-status.ts";
import { MAX_EMAIL_LENGTH } from "../domain/email-address.ts";
import { MAX_CITY_LENGTH, MAX_LINE_LENGTH, MAX_POSTAL_CODE_LENGTH } from "../domain/postal-address.ts";
import { MAX_LANGUAGE_TAG_LENGTH } from "../domain/preferences.ts";

const Uuid = Type.String({ format: "uuid", description: "UUID" });

/**
 * Text with at least one visible character, no control characters and no half of a surrogate pair
 * (\p{Cs}: ill-formed UTF-16, which UTF-8 and so PostgreSQL cannot hold); anything else is kept as sent.
 */
const Text = (maxLength: number, description?: string) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: "^[^\\p{Cc}\\p{Cs}]*[^\\p{Cc}\\p{Cs}\\s][^\\p{Cc}\\p{Cs}]*$",
    ...(description ? { description } : {}),
  });

const Email = Type.String({
  format: "email",
  maxLength: MAX_EMAIL_LENGTH,
  description: "Unique among customers regardless of case",
  examples: ["ada@example.com"],
});

const Country = Type.String({
  pattern: "^[A-Z]{2}$",
  description: "ISO 3166-1 alpha-2 country code",
  examples: ["DE"],
});

const Currency = Type.String({ pattern: "^[A-Z]{3}$", description: "ISO 4217 code", examples: ["EUR"] });

const Language = Type.String({
  minLength: 2,
  maxLength: MAX_LANGUAGE_TAG_LENGTH,
  pattern: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
  description: "BCP 47 language tag",
  examples: ["en", "de-DE"],
});

const addressProperties = {
  line1: Text(MAX_LINE_LENGTH),
  line2: Type.Optional(Text(MAX_LINE_LENGTH)),
  city: Text(MAX_CITY_LENGTH),
  postalCode: Type.String({
    minLength: 1,
    maxLength: MAX_POSTAL_CODE_LENGTH,
    pattern: "^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$",
    examples: ["10115"],
  }),
  country: Country,
};

export const AddressRequest = Type.Object(addressProperties, { additionalProperties: false });

export const AddAddressRequest = Type.Object(
  {
    ...addressProperties,
    default: Type.Optional(
      Type.Boolean({ description: "Make it the default shipping address (the first address always is)" }),
    ),
  },
  { additionalProperties: false },
);

export const RegisterCustomerRequest = Type.Object(
  {
    email: Email,
    name: Text(MAX_NAME_LENGTH),
    address: Type.Optional(AddressRequest),
  },
  { additionalProperties: false },
);

export const PreferencesPatch = Type.Object(
  {
    marketingConsent: Type.Optional(Type.Boolean()),
    currency: Type.Optional(Currency),
    language: Type.Optional(Language),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UpdateProfileRequest = Type.Object(
  {
    name: Type.Optional(Text(MAX_NAME_LENGTH)),
    preferences: Type.Optional(PreferencesPatch),
  },
  { additionalProperties: false, minProperties: 1, description: "Only the fields given change" },
);

export const CustomerIdParams = Type.Object({ id: Uuid });

export const AddressIdParams = Type.Object({ id: Uuid, addressId: Uuid });

export const ListCustomersQuery = Type.Object(
  {
    email: Type.Optional(
      Type.String({
        format: "email",
        maxLength: MAX_EMAIL_LENGTH,
        description: "Find the customer with this email, in any case (then cursor and limit are ignored)",
      }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const CommandHeaders = Type.Object({
  "if-match": Type.Optional(Type.String({ description: 'The customer\'s ETag, e.g. "3"' })),
  "idempotency-key": Type.Optional(Type.String({ maxLength: 255 })),
});

export const AddressResponse = Type.Object({
  id: Uuid,
  line1: Type.String(),
  line2: Type.Optional(Type.String()),
  city: Type.String(),
  postalCode: Type.String(),
  country: Type.String(),
  default: Type.Boolean(),
});

export const CustomerResponse = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  status: Type.Enum(CUSTOMER_STATUSES),
  addresses: Type.Array(AddressResponse, { maxItems: MAX_ADDRESSES }),
  preferences: Type.Object({
    marketingConsent: Type.Boolean(),
    currency: Type.String(),
    language: Type.String(),
  }),
  registeredAt: Type.String({ format: "date-time" }),
  deactivatedAt: Type.Optional(Type.String({ format: "date-time" })),
  version: Type.Integer(),
});

export const CustomerPage = pageOf(CustomerResponse);

export const Problem = ProblemSchema;
