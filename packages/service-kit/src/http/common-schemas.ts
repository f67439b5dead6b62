import { MONEY_AMOUNT_PATTERN, MONEY_MAX_AMOUNT } from "@ecommerce/domain-kernel";
import { type TSchema, Type } from "typebox";

/** An id: a bare UUID (the validator's uuid format takes no urn:uuid: prefix). */
export const UuidSchema = Type.String({ format: "uuid", description: "UUID" });

/**
 * Money on the wire: a decimal string (never a float) within Money's one bound, and its ISO 4217
 * code. The currency's own minor digits are Money's to judge (a 422 from the domain).
 */
export const MoneySchema = Type.Object(
  {
    amount: Type.String({
      pattern: MONEY_AMOUNT_PATTERN,
      description: `A decimal string of at most ${MONEY_MAX_AMOUNT}`,
      examples: ["12.50"],
    }),
    currency: Type.String({ pattern: "^[A-Z]{3}$", examples: ["EUR"] }),
  },
  { additionalProperties: false, description: "A decimal amount and its ISO 4217 currency" },
);

/** RFC 9457 problem details, as every error leaves the services. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, description: "RFC 9457 problem details" },
);

/** A cursor-paginated list: `{"items": [...], "nextCursor": string | null}`. */
export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}
