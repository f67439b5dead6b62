import { type TSchema, Type } from "typebox";

/** An id: a bare UUID (the validator's uuid format takes no urn:uuid: prefix). */
export const UuidSchema = Type.String({ format: "uuid", description: "UUID" });

/** Money on the wire: a decimal string (never a float) and its ISO 4217 code. */
export const MoneySchema = Type.Object(
  {
    amount: Type.String({ pattern: "^\\d{1,15}(\\.\\d{1,4})?$", examples: ["12.50"] }),
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

/**
 * If-Match, on the commands that honour it (never on a create: there is nothing to match yet). The
 * format is checked by the route (a malformed one answers 400 `invalid_if_match`), not by the schema.
 */
export function ifMatchHeader(example = '"3"') {
  return Type.Optional(
    Type.String({
      description:
        `An ETag this API returned for the resource, e.g. ${example} (a weak W/${example} is taken too). ` +
        "The change is made only if the resource is still at that version; otherwise 412, with `currentVersion`.",
      examples: [example],
    }),
  );
}
