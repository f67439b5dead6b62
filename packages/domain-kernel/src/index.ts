export { AggregateRoot } from "./aggregate-root.ts";
export {
  boundedText,
  hasControlCharacter,
  MULTI_LINE_TEXT_PATTERN,
  NOT_BLANK_ONE_LINE_TEXT_PATTERN,
  ONE_LINE_TEXT_PATTERN,
  optionalBoundedText,
  type TextBounds,
} from "./bounded-text.ts";
export { DomainError, type DomainErrorKind } from "./domain-error.ts";
export type { DomainEvent } from "./domain-event.ts";
export { Entity } from "./entity.ts";
export { isUuid, newId, UUID_PATTERN } from "./id.ts";
export {
  Currency,
  MONEY_AMOUNT_PATTERN,
  MONEY_MAX_AMOUNT,
  MONEY_MAX_FRACTION_DIGITS,
  MONEY_MAX_INTEGER_DIGITS,
  Money,
  type MoneyJson,
} from "./money.ts";
export { err, ok, type Result } from "./result.ts";
export { ValueObject } from "./value-object.ts";
