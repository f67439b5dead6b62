import { Compile, type Validator } from "typebox/compile";
import { findEventType, type KnownEvent } from "./catalogue.ts";
import { type ContractIssue, ContractViolationError } from "./contract-violation-error.ts";
import { EnvelopeSchema } from "./envelope.ts";
import { issuesFrom } from "./event-type.ts";

let envelopeValidator: Validator | undefined;

export function checkEnvelope(value: unknown): ContractIssue[] {
  envelopeValidator ??= Compile(EnvelopeSchema);
  return envelopeValidator.Check(value) ? [] : issuesFrom(envelopeValidator, value, "");
}

/**
 * Parses and validates an event (JSON text or an already parsed object): the envelope, the type
 * (it must be in the catalogue, published by the context its `source` names) and `data` against the
 * schema of that type. Anything else throws ContractViolationError naming the offending fields.
 */
export function parseEvent(input: string | unknown): KnownEvent {
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ContractViolationError(undefined, [
        { path: "", message: `is not JSON (${(error as Error).message})` },
      ]);
    }
  }
  const declaredType =
    typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
      ? (value as { type: string }).type
      : undefined;
  const envelopeIssues = checkEnvelope(value);
  if (envelopeIssues.length > 0) throw new ContractViolationError(declaredType, envelopeIssues);

  const envelope = value as { type: string; source: string; data: unknown };
  const eventType = findEventType(envelope.type);
  if (!eventType) {
    throw new ContractViolationError(envelope.type, [
      { path: "/type", message: `"${envelope.type}" is not an event of the catalogue` },
    ]);
  }
  const issues: ContractIssue[] = [];
  if (envelope.source !== eventType.source) {
    issues.push({ path: "/source", message: `must be "${eventType.source}" for ${eventType.type}` });
  }
  issues.push(...eventType.check(envelope.data));
  if (issues.length > 0) throw new ContractViolationError(eventType.type, issues);
  return value as KnownEvent;
}
