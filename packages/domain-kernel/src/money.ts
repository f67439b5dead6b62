import { DomainError } from "./domain-error.ts";
import { ValueObject } from "./value-object.ts";

/** Money as it travels in JSON: a decimal string with the currency's minor digits and an ISO 4217 code. */
export interface MoneyJson {
  amount: string;
  currency: string;
}

// Exact at any size (bigint); what a service accepts, stores and publishes is held to the bound below.
const DECIMAL = /^(-)?(\d{1,20})(?:\.(\d+))?$/;

/**
 * The one bound on every amount the fleet accepts, stores or publishes (prices, line totals, order
 * totals, event amounts): at most 15 integer digits and 4 decimals, exactly what the services'
 * NUMERIC(19, 4) columns hold. An amount past it could be computed but neither stored nor published.
 */
export const MONEY_MAX_INTEGER_DIGITS = 15;
export const MONEY_MAX_FRACTION_DIGITS = 4;
/** The largest amount within the bound, as text (a currency with fewer minor digits stops earlier). */
export const MONEY_MAX_AMOUNT = `${"9".repeat(MONEY_MAX_INTEGER_DIGITS)}.${"9".repeat(MONEY_MAX_FRACTION_DIGITS)}`;
/**
 * A non-negative amount within the bound, as a JSON Schema pattern: a decimal string without a sign,
 * an exponent or leading zeros. Schemas (HTTP and the published events) build on this one pattern.
 */
export const MONEY_AMOUNT_PATTERN = `^(0|[1-9][0-9]{0,${MONEY_MAX_INTEGER_DIGITS - 1}})(\\.[0-9]{1,${MONEY_MAX_FRACTION_DIGITS}})?$`;

/** ISO 4217 codes and their minor digits, from the runtime's own currency data (Intl). */
export const Currency = {
  isKnown(code: string): boolean {
    return /^[A-Z]{3}$/.test(code) && knownCurrencies().has(code);
  },
  minorDigits(code: string): number {
    let digits = minorDigitsCache.get(code);
    if (digits === undefined) {
      const format = new Intl.NumberFormat("en", { style: "currency", currency: code });
      digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      minorDigitsCache.set(code, digits);
    }
    return digits;
  },
};

let currencies: Set<string> | undefined;
const minorDigitsCache = new Map<string, number>();
function knownCurrencies(): Set<string> {
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  return currencies;
}

/**
 * An exact amount of one currency, held as an integer count of minor units (cents) so that no
 * binary float ever touches it. Mixing currencies is a domain error, not a silent conversion.
 */
export class Money extends ValueObject<{ minor: bigint; currency: string }> {
  private constructor(minor: bigint, currency: string) {
    super({ minor, currency });
  }

  /** Parses "12.5" or "12.50"; more decimals than the currency has, or anything not decimal, is refused. */
  static of(amount: string, currency: string): Money {
    Money.assertCurrency(currency);
    const match = DECIMAL.exec(amount);
    if (!match) {
      throw new DomainError("money.invalid_amount", `"${amount}" is not a decimal amount like "12.50"`);
    }
    const [, sign, whole = "0", fraction = ""] = match;
    const digits = Currency.minorDigits(currency);
    if (fraction.length > digits) {
      throw new DomainError(
        "money.too_precise",
        `${currency} amounts have at most ${digits} decimal places, got "${amount}"`,
      );
    }
    const minor = BigInt(whole + fraction.padEnd(digits, "0"));
    return new Money(sign ? -minor : minor, currency);
  }

  static fromMinor(minor: bigint, currency: string): Money {
    Money.assertCurrency(currency);
    return new Money(minor, currency);
  }

  static zero(currency: string): Money {
    return Money.fromMinor(0n, currency);
  }

  static fromJSON(json: MoneyJson): Money {
    return Money.of(json.amount, json.currency);
  }

  private static assertCurrency(currency: string): void {
    if (!Currency.isKnown(currency)) {
      throw new DomainError("money.unknown_currency", `"${currency}" is not an ISO 4217 currency code`);
    }
  }

  get currency(): string {
    return this.props.currency;
  }

  get minorUnits(): bigint {
    return this.props.minor;
  }

  /** The amount as a decimal string with exactly the currency's minor digits ("25.00"). */
  get amount(): string {
    const digits = Currency.minorDigits(this.currency);
    const abs = this.props.minor < 0n ? -this.props.minor : this.props.minor;
    const text = abs.toString().padStart(digits + 1, "0");
    const whole = text.slice(0, text.length - digits);
    const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : "";
    return `${this.props.minor < 0n ? "-" : ""}${whole}${fraction}`;
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.props.minor + other.props.minor, this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.props.minor - other.props.minor, this.currency);
  }

  /** Multiplies by a whole factor, e.g. a quantity; fractional factors would need a rounding rule. */
  multiply(factor: number): Money {
    if (!Number.isSafeInteger(factor)) {
      throw new DomainError(
        "money.invalid_factor",
        `money can only be multiplied by a whole number, got ${factor}`,
      );
    }
    return new Money(this.props.minor * BigInt(factor), this.currency);
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    if (this.props.minor === other.props.minor) return 0;
    return this.props.minor < other.props.minor ? -1 : 1;
  }

  isZero(): boolean {
    return this.props.minor === 0n;
  }

  isNegative(): boolean {
    return this.props.minor < 0n;
  }

  isPositive(): boolean {
    return this.props.minor > 0n;
  }

  /** Whether the amount, either sign, is past the bound every service stores and publishes. */
  exceedsBound(): boolean {
    const abs = this.props.minor < 0n ? -this.props.minor : this.props.minor;
    return abs >= 10n ** BigInt(MONEY_MAX_INTEGER_DIGITS + Currency.minorDigits(this.currency));
  }

  toJSON(): MoneyJson {
    return { amount: this.amount, currency: this.currency };
  }

  override toString(): string {
    return `${this.amount} ${this.currency}`;
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new DomainError(
        "money.currency_mismatch",
        `cannot combine ${this.currency} with ${other.currency}`,
      );
    }
  }
}
