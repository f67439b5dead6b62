import { UuidSchema } from "@ecommerce/service-kit";
import { Type } from "typebox";
import {
  ATTRIBUTE_KEY_PATTERN,
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_ATTRIBUTES,
  SKU_PATTERN,
} from "../domain/product.ts";

// The shapes of the fields commands and queries carry. They live here, not in http/, because the
// mediator checks every message against them whatever sent it (HTTP, an event, a script), and the
// HTTP schemas reuse them so that both lines of defence agree.

export const Uuid = UuidSchema;

// One line of text: no control characters (NUL cannot even be stored). Multi-line text keeps tab,
// newline and carriage return. Neither may hold half a surrogate pair (ill-formed UTF-16): UTF-8 has
// no encoding for it and PostgreSQL's json refuses its escape, so it could not be stored as sent.
// (The validator matches by code point, so a whole pair, an emoji say, is not in that range.)
const ONE_LINE = "^[^\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]*$";
const MULTI_LINE = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\uD800-\\uDFFF]*$";

export const Line = (maxLength: number, extra: object = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: ONE_LINE, ...extra });

export const MultiLine = (maxLength: number) => Type.String({ maxLength, pattern: MULTI_LINE });

export const Sku = Type.String({
  pattern: SKU_PATTERN.source,
  description: "1-64 letters, digits, '.', '_' or '-'; unique whatever its case",
  examples: ["PHN-001"],
});

export const Attributes = Type.Record(
  Type.String({ pattern: ATTRIBUTE_KEY_PATTERN.source }),
  Line(MAX_ATTRIBUTE_VALUE_LENGTH),
  {
    maxProperties: MAX_ATTRIBUTES,
    additionalProperties: false,
    description: `Up to ${MAX_ATTRIBUTES} name → value pairs, e.g. {"colour": "black"}`,
  },
);
