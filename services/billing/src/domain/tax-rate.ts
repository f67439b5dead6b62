import { DomainError, Money, ValueObject } from "@ecommerce/domain-kernel";
import { BillingErrors } from "./errors.ts";

const PARTS = 1_000_000n;

/**
 * A tax rate as an exact decimal fraction, `"0.21"` for 21 %, kept in parts per million so no
 * binary float ever touches money.
 *
 * The rounding rule (one, documented in the billing README): tax is computed once per invoice, on
 * its net total, and rounded half up to the currency's minor unit. Rounding per line would let the
 * sum of the lines' tax drift from the tax of the total by a cent per line.
 */
export class TaxRate extends ValueObject<{ ppm: bigint }> {
  static readonly zero = new TaxRate({ ppm: 0n });

  static of(decimal: string): TaxRate {
    const match = /^0(?:\.(\d{1,6}))?$/.exec(decimal);
    if (!match)
      throw new DomainError(
        BillingErrors.INVALID_TAX_RATE,
        `tax rate "${decimal}" must be a decimal from 0 up to (not including) 1, with at most six decimals`,
      );
    const decimals = (match[1] ?? "").padEnd(6, "0");
    return new TaxRate({ ppm: BigInt(decimals) });
  }

  /** The tax on a net amount: half up to the minor unit (amounts billed are never negative). */
  taxOn(net: Money): Money {
    const minor = (net.minorUnits * this.props.ppm + PARTS / 2n) / PARTS;
    return Money.fromMinor(minor, net.currency);
  }

  /** `"0.21"`: the shortest decimal that is this rate. */
  override toString(): string {
    if (this.props.ppm === 0n) return "0";
    return `0.${this.props.ppm.toString().padStart(6, "0").replace(/0+$/, "")}`;
  }
}
