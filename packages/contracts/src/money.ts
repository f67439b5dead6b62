import { Currency, MONEY_AMOUNT_PATTERN } from "@ecommerce/domain-kernel";
import Type from "typebox";

// The bound and the amount's shape are domain-kernel's, the one definition of Money every service
// holds amounts to; the kernel is pure TypeScript (its one dependency, uuid, is this package's too),
// so depending on it keeps the published language as light as it was. Amounts are never negative here.
const CURRENCY_PATTERN = "^[A-Z]{3}$";

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
        pattern: MONEY_AMOUNT_PATTERN,
        description: 'Decimal string with exactly the currency\'s minor digits, e.g. "12.50" EUR, "2500" JPY',
      }),
      currency: Type.String({ pattern: CURRENCY_PATTERN, description: "ISO 4217 code, e.g. EUR" }),
    },
    { title: "Money", description: "An amount of money; never a binary float" },
  ),
  (money) =>
    Currency.isKnown(money.currency) && fractionDigits(money.amount) === Currency.minorDigits(money.currency),
  (money) =>
    Currency.isKnown(money.currency)
      ? `amount "${money.amount}" must have exactly ${Currency.minorDigits(money.currency)} decimal places for ${money.currency}`
      : `"${money.currency}" is not an ISO 4217 currency code`,
);

export type Money = Type.Static<typeof MoneySchema>;
