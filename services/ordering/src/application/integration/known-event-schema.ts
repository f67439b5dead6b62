import { ContractViolationError, EnvelopeSchema, parseEvent } from "@ecommerce/contracts";
import { Type } from "typebox";

/** What the published language finds wrong with an event, or undefined if it is a KnownEvent. */
function contractViolation(event: unknown): string | undefined {
  try {
    parseEvent(event);
    return undefined;
  } catch (error) {
    if (error instanceof ContractViolationError) return error.message;
    throw error;
  }
}

/**
 * A KnownEvent: the envelope, refined by the very check the bus makes on delivery (a catalogue
 * type, the source of its context, `data` matching its type's schema, Money's minor digits and
 * all), so the schema cannot drift from the contracts. The message names the offending path.
 */
export const KnownEventSchema = Type.Refine(
  EnvelopeSchema,
  (event) => contractViolation(event) === undefined,
  (event) => contractViolation(event) ?? "is not a known event",
);
