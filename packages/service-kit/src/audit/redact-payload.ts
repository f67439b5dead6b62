import { isUuid } from "@ecommerce/domain-kernel";

/**
 * The audit trail keeps what a command asked for, but never a secret or a customer's personal data:
 * the trail is read by staff and kept for years, and a right-to-erasure request must not have to
 * rewrite it. The rule, applied to every command of every service (README "Audit trail"):
 *
 * - a field whose name says it holds a secret or personal data, at any depth, is replaced by
 *   "[redacted]" whatever its value (an address object as a whole): see SENSITIVE_NAME;
 * - identifiers are kept (a name ending in `id`/`Id`/`Ids`, e.g. `customerId`, `addressId`): they are
 *   what the trail is searched by, and they reveal nothing without the owning service's data;
 * - any other string is redacted when its value looks like an email address, a JWT, a bearer
 *   token or a payment card number (13 to 19 digits passing the Luhn check; free text such as a cancellation reason may hold one);
 * - strings are cut at MAX_STRING characters and arrays at MAX_ITEMS items, so a row stays small.
 *
 * The rule errs on the side of hiding. A command whose field has a sensitive-looking name but holds
 * nothing personal says so (`static readonly auditKeeps = ["name"]` on a product's creation): that
 * name then escapes the name rule, in that command only, and its values are still checked.
 */
export const REDACTED = "[redacted]";

const SENSITIVE_NAME =
  /token|secret|passw|credential|authori[sz]ation|api_?key|cookie|session|card|cvv|cvc|iban|account|payment|e_?mail|phone|mobile|name|address|street|line_?[12]|city|postal|post_?code|zip|recipient|birth|ssn|tax_?number/i;
const IDENTIFIER_NAME = /(^id|Id|_id|Ids|_ids)$/;

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/;
const BEARER = /\bbearer\s+\S+/i;
const CARD_NUMBER = /\b\d(?:[ -]?\d){12,18}\b/g;

export const MAX_STRING = 500;
export const MAX_ITEMS = 50;

function sensitiveName(key: string): boolean {
  return SENSITIVE_NAME.test(key) && !IDENTIFIER_NAME.test(key);
}

/** The Luhn checksum every payment card number passes (and 9 in 10 other digit runs fail). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function holdsCardNumber(value: string): boolean {
  return [...value.matchAll(CARD_NUMBER)].some((m) => luhn(m[0].replace(/[ -]/g, "")));
}

function sensitiveText(value: string): boolean {
  if (isUuid(value)) return false;
  return EMAIL.test(value) || JWT.test(value) || BEARER.test(value) || holdsCardNumber(value);
}

function redactValue(value: unknown, keeps: ReadonlySet<string>): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === "string") {
    if (sensitiveText(value)) return REDACTED;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…(${value.length} characters)` : value;
  }
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => redactValue(item, keeps));
    return value.length > MAX_ITEMS ? [...items, `…(${value.length} items)`] : items;
  }
  if (typeof value === "object") return redactFields(value as Record<string, unknown>, keeps);
  return undefined; // functions, symbols: not data
}

function redactFields(fields: Record<string, unknown>, keeps: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || typeof value === "function") continue;
    out[key] = sensitiveName(key) && !keeps.has(key) ? REDACTED : redactValue(value, keeps);
  }
  return out;
}

/**
 * A command's own fields (not `kind`, nor functions), redacted by the rule above; the field names
 * its class lists in `auditKeeps` escape the name rule.
 */
export function redactPayload(command: object): Record<string, unknown> {
  const { kind: _kind, ...fields } = command as Record<string, unknown>;
  const keeps = (command.constructor as { auditKeeps?: readonly string[] }).auditKeeps ?? [];
  return redactFields(fields, new Set(keeps));
}
