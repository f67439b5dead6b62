import { TextSchema, type TextSchemaOptions, UuidSchema } from "@ecommerce/service-kit";
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

// Text is service-kit's bounded text: no control characters (NUL cannot even be stored) nor half a
// surrogate pair; multi-line text keeps tab, newline and carriage return.
export const Line = (maxLength: number, extra: TextSchemaOptions = {}) => TextSchema(maxLength, extra);

export const MultiLine = (maxLength: number) => TextSchema(maxLength, { minLength: 0, multiLine: true });

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
