import Type from "typebox";

// Bounded to what NUMERIC(20, 4) columns hold; amounts are never negative in these events.
const AMOUNT_PATTERN = "^(0|[1-9][0-9]{0,15})(\\.[0-9]{1,4})?$";

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
 */
export const MoneySchema = Type.Refine(
  Type.Object(
    {
      amount: Type.String({ pattern: AMOUNT_PATTERN, description: 'Decimal string, e.g. "12.50"' }),
      currency: Type.String({ pattern: "^[A-Z]{3}$", description: "ISO 4217 code" }),
    },
    { $id: "Money" },
  ),
  (money) =>
    isKnownCurrency(money.currency) && fractionDigits(money.amount) === currencyMinorDigits(money.currency),
  (money) =>
    isKnownCurrency(money.currency)
      ? `amount "${money.amount}" must have exactly ${currencyMinorDigits(money.currency)} decimal places for ${money.currency}`
      : `"${money.currency}" is not an ISO 4217 currency code`,
);

export type Money = Type.Static<typeof MoneySchema>;
