import { DomainError } from "./domain-error.ts";
import { ValueObject } from "./value-object.ts";

/** Money as it travels in JSON: a decimal string with the currency's minor digits and an ISO 4217 code. */
export interface MoneyJson {
  amount: string;
  currency: string;
}

// Exact at any size (bigint); what a service accepts and stores is bounded by its API and columns.
const DECIMAL = /^(-)?(\d{1,20})(?:\.(\d+))?$/;

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
