import Type from "typebox";

// Bounded to what NUMERIC(20, 4) columns hold; amounts are never negative in these events.
const AMOUNT_PATTERN = "^(0|[1-9][0-9]{0,15})(\\.[0-9]{1,4})?$";
const CURRENCY_PATTERN = "^[A-Z]{3}$";

let currencies: Set<string> | undefined;
const minorDigitsCache = new Map<string, number>();

/** ISO 4217 codes come from the runtime's own currency data (Intl), the same source Money uses. */
export function isKnownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  return currencies.has(code);
}

export function currencyMinorDigits(code: string): number {
  let digits = minorDigitsCache.get(code);
  if (digits === undefined) {
    const format = new Intl.NumberFormat("en", { style: "currency", currency: code });
    digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    minorDigitsCache.set(code, digits);
  }
  return digits;
}

function fractionDigits(amount: string): number {
  const dot = amount.indexOf(".");
  return dot === -1 ? 0 : amount.length - dot - 1;
}

/**
 * Money as it travels: `{ "amount": "12.50", "currency": "EUR" }`. The amount is a decimal string
 * with exactly the currency's minor digits, so "12.5" EUR and "12.50" JPY are both refused: an
 * event never carries a binary float, nor a precision the currency does not have.
 *
 * The JSON Schema carries what JSON Schema can say (a decimal string, a three-letter upper-case
 * code); the minor digits per currency and "known to ISO 4217" need the runtime's currency data, so
 * they are the refinement, which only this package's validators apply. No `$id`: the schema is
 * inlined wherever Money appears, and an `$id` repeated inside one event schema (OrderConfirmed's
 * total and unit prices) makes standard validators refuse the whole schema as ambiguous.
 */
export const MoneySchema = Type.Refine(
  Type.Object(
    {
      amount: Type.String({
        pattern: AMOUNT_PATTERN,
        description: 'Decimal string with exactly the currency\'s minor digits, e.g. "12.50" EUR, "2500" JPY',
      }),
      currency: Type.String({ pattern: CURRENCY_PATTERN, description: "ISO 4217 code, e.g. EUR" }),
    },
    { title: "Money", description: "An amount of money; never a binary float" },
  ),
  (money) =>
    isKnownCurrency(money.currency) && fractionDigits(money.amount) === currencyMinorDigits(money.currency),
  (money) =>
    isKnownCurrency(money.currency)
      ? `amount "${money.amount}" must have exactly ${currencyMinorDigits(money.currency)} decimal places for ${money.currency}`
      : `"${money.currency}" is not an ISO 4217 currency code`,
);

export type Money = Type.Static<typeof MoneySchema>;
