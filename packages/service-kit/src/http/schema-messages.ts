/** What the error handler reads of an ajv error (ajv runs with `verbose`, so the schema is there). */
export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  schema?: unknown;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
};

function plural(n: unknown, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function shown(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

/**
 * One schema failure as a sentence that follows the field's name ("delta must not be 0"), instead
 * of ajv's terse English ("must NOT be valid", "must NOT have fewer than 1 characters").
 */
export function sentenceFor(error: AjvError): string {
  const p = error.params;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not allowed";
    case "type": {
      const types = String(p.type).split(",");
      return `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(" or ")}`;
    }
    case "minimum":
      return `must be at least ${p.limit}`;
    case "maximum":
      return `must be at most ${p.limit}`;
    case "exclusiveMinimum":
      return `must be greater than ${p.limit}`;
    case "exclusiveMaximum":
      return `must be less than ${p.limit}`;
    case "multipleOf":
      return `must be a multiple of ${p.multipleOf}`;
    case "minLength":
      return p.limit === 1
        ? "must not be empty"
        : `must be at least ${plural(p.limit, "character", "characters")} long`;
    case "maxLength":
      return `must be at most ${plural(p.limit, "character", "characters")} long`;
    case "minItems":
      return p.limit === 1 ? "must not be empty" : `must hold at least ${plural(p.limit, "item", "items")}`;
    case "maxItems":
      return `must hold at most ${plural(p.limit, "item", "items")}`;
    case "minProperties":
      return `must have at least ${plural(p.limit, "field", "fields")}`;
    case "maxProperties":
      return `must have at most ${plural(p.limit, "field", "fields")}`;
    case "uniqueItems":
      return "must not hold the same item twice";
    case "format":
      return `must be a valid ${p.format}`;
    case "pattern":
      return `must match the pattern ${p.pattern}`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map(shown).join(", ")}`;
    case "const":
      return `must be ${shown(p.allowedValue)}`;
    case "not": {
      const excluded = error.schema as { const?: unknown; enum?: unknown[] } | undefined;
      if (excluded && "const" in excluded) return `must not be ${shown(excluded.const)}`;
      if (excluded?.enum) return `must not be one of ${excluded.enum.map(shown).join(", ")}`;
      return "must not be a value of the excluded kind";
    }
    case "anyOf":
    case "oneOf":
      return "must match one of the allowed forms";
    default:
      return error.message ?? "is invalid";
  }
}
