import { TextSchema, UuidSchema } from "@ecommerce/service-kit";
import { type TSchemaOptions, Type } from "typebox";
import { MAX_NAME_LENGTH } from "../domain/customer.ts";
import { MAX_EMAIL_LENGTH } from "../domain/email-address.ts";
import {
  MAX_CITY_LENGTH,
  MAX_LINE_LENGTH,
  MAX_POSTAL_CODE_LENGTH,
  POSTAL_CODE_PATTERN,
} from "../domain/postal-address.ts";
import { MAX_LANGUAGE_TAG_LENGTH } from "../domain/preferences.ts";

// The shapes of the fields commands and queries carry. The mediator checks every message against
// its class's schema, and the HTTP schemas are built from the same pieces, so a value is refused
// for the same reason whether it came over HTTP, from a script or from an event handler. They check
// shape only: rules that need more than a schema (an assigned country, a known currency, a valid
// email domain) stay with the domain, which answers 422.

type Annotations = Pick<TSchemaOptions, "description" | "examples">;

export const Uuid = UuidSchema;

/** Service-kit's bounded text, with at least one visible character (blank is a 400 here). */
export const Text = (maxLength: number, description?: string) =>
  TextSchema(maxLength, { notBlank: true, ...(description ? { description } : {}) });

export const Name = Text(MAX_NAME_LENGTH);

export const Email = (annotations: Annotations = {}) =>
  Type.String({ format: "email", maxLength: MAX_EMAIL_LENGTH, ...annotations });

export const CountryCode = Type.String({
  pattern: "^[A-Z]{2}$",
  description: "ISO 3166-1 alpha-2 country code",
  examples: ["DE"],
});

export const CurrencyCode = Type.String({
  pattern: "^[A-Z]{3}$",
  description: "ISO 4217 code",
  examples: ["EUR"],
});

export const LanguageTag = Type.String({
  minLength: 2,
  maxLength: MAX_LANGUAGE_TAG_LENGTH,
  pattern: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
  description: "BCP 47 language tag",
  examples: ["en", "de-DE"],
});

/** An address as a JSON body carries it. */
export const postalAddressProperties = {
  line1: Text(MAX_LINE_LENGTH),
  line2: Type.Optional(Text(MAX_LINE_LENGTH)),
  city: Text(MAX_CITY_LENGTH),
  postalCode: Type.String({
    minLength: 1,
    maxLength: MAX_POSTAL_CODE_LENGTH,
    pattern: POSTAL_CODE_PATTERN.source,
    examples: ["10115"],
  }),
  country: CountryCode,
};

/** An address as a command carries it (PostalAddressInput): a script may say "no line2" with null. */
export const PostalAddressInputSchema = Type.Object(
  {
    ...postalAddressProperties,
    line2: Type.Optional(Type.Union([Text(MAX_LINE_LENGTH), Type.Null()])),
  },
  { additionalProperties: false },
);

/** A change of preferences: only the fields given change. */
export const preferencesChangeProperties = {
  marketingConsent: Type.Optional(Type.Boolean()),
  currency: Type.Optional(CurrencyCode),
  language: Type.Optional(LanguageTag),
};
