import {
  MONEY_AMOUNT_PATTERN,
  MONEY_MAX_AMOUNT,
  MULTI_LINE_TEXT_PATTERN,
  NOT_BLANK_ONE_LINE_TEXT_PATTERN,
  ONE_LINE_TEXT_PATTERN,
} from "@ecommerce/domain-kernel";
import { type TSchema, type TSchemaOptions, Type } from "typebox";
import { MAX_PAGE_SIZE } from "../paging/page.ts";

/** An id: a bare UUID (the validator's uuid format takes no urn:uuid: prefix). */
export const UuidSchema = Type.String({ format: "uuid", maxLength: 36, description: "UUID" });

export interface TextSchemaOptions extends Pick<TSchemaOptions, "description" | "examples"> {
  /** 1 unless said otherwise. */
  minLength?: number;
  /** Keeps tab, newline and carriage return; any other control character is still refused. */
  multiLine?: boolean;
  /** Refuses text of white space only here (400) rather than leaving it to the domain (422). */
  notBlank?: boolean;
}

/**
 * Bounded text, the one schema of every name, address line, reason or description a message or a
 * request carries: `minLength`-`maxLength` characters and no control character (NUL, which
 * PostgreSQL cannot store, included) nor half a surrogate pair. The patterns are domain-kernel's,
 * which its `boundedText` value checks apply too, so the edge and the domain refuse the same text.
 */
export function TextSchema(maxLength: number, options: TextSchemaOptions = {}) {
  const { minLength = 1, multiLine = false, notBlank = false, ...annotations } = options;
  const pattern = multiLine
    ? MULTI_LINE_TEXT_PATTERN
    : notBlank
      ? NOT_BLANK_ONE_LINE_TEXT_PATTERN
      : ONE_LINE_TEXT_PATTERN;
  return Type.String({ minLength, maxLength, pattern, ...annotations });
}

/**
 * Money on the wire: a decimal string (never a float) within Money's one bound, and its ISO 4217
 * code. The currency's own minor digits are Money's to judge (a 422 from the domain).
 */
export const MoneySchema = Type.Object(
  {
    amount: Type.String({
      pattern: MONEY_AMOUNT_PATTERN,
      maxLength: 20,
      description: `A decimal string of at most ${MONEY_MAX_AMOUNT}`,
      examples: ["12.50"],
    }),
    currency: Type.String({ pattern: "^[A-Z]{3}$", maxLength: 3, examples: ["EUR"] }),
  },
  { additionalProperties: false, description: "A decimal amount and its ISO 4217 currency" },
);

/**
 * RFC 9457 problem details, as every error leaves the services. The bounds are generous ones that
 * no answer comes near (a detail echoes at most a cut-short path), declared so that a client can
 * size its buffers (OWASP API4).
 */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ maxLength: 512 }),
    title: Type.String({ maxLength: 100 }),
    status: Type.Integer({ format: "int32", minimum: 400, maximum: 599 }),
    detail: Type.String({ maxLength: 8192 }),
    code: Type.String({ maxLength: 100 }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ field: Type.String({ maxLength: 1024 }), message: Type.String({ maxLength: 1024 }) }),
        {
          maxItems: 1000,
        },
      ),
    ),
  },
  { additionalProperties: true, description: "RFC 9457 problem details" },
);

/** A cursor-paginated list: `{"items": [...], "nextCursor": string | null}`. */
export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item, { maxItems: MAX_PAGE_SIZE }),
    nextCursor: Type.Union([Type.String({ maxLength: 4096 }), Type.Null()]),
  });
}

/**
 * If-Match, on the commands that honour it (never on a create: there is nothing to match yet). The
 * format is checked by the route (a malformed one answers 400 `invalid_if_match`), not by the schema.
 */
export function ifMatchHeader(example = '"3"') {
  return Type.Optional(
    Type.String({
      maxLength: 64,
      description:
        `An ETag this API returned for the resource, e.g. ${example} (a weak W/${example} is taken too). ` +
        "The change is made only if the resource is still at that version; otherwise 412, with `currentVersion`.",
      examples: [example],
    }),
  );
}
