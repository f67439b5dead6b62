import { DomainError } from "@ecommerce/domain-kernel";
import { BillingErrors } from "./errors.ts";
import { TaxRate } from "./tax-rate.ts";

const COUNTRY = /^[A-Z]{2}$/;

/**
 * Which rate applies to a shipping address's country: a table from configuration
 * (`DE=0.19,NL=0.21,*=0`), with `*` for every country not listed (zero when absent).
 */
export class TaxPolicy {
  private constructor(
    private readonly rates: ReadonlyMap<string, TaxRate>,
    private readonly fallback: TaxRate,
  ) {}

  static of(table: Readonly<Record<string, string>>): TaxPolicy {
    const rates = new Map<string, TaxRate>();
    let fallback = TaxRate.zero;
    for (const [country, rate] of Object.entries(table)) {
      if (country === "*") fallback = TaxRate.of(rate);
      else rates.set(TaxPolicy.country(country), TaxRate.of(rate));
    }
    return new TaxPolicy(rates, fallback);
  }

  /** Parses the configuration form `DE=0.19,NL=0.21,*=0`; an empty string is "no tax anywhere". */
  static parse(text: string): TaxPolicy {
    const table: Record<string, string> = {};
    for (const entry of text
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const [country, rate, extra] = entry.split("=").map((p) => p.trim());
      if (!country || rate === undefined || extra !== undefined)
        throw new DomainError(
          BillingErrors.INVALID_TAX_RATE,
          `"${entry}" is not COUNTRY=RATE (e.g. DE=0.19)`,
        );
      table[country] = rate;
    }
    return TaxPolicy.of(table);
  }

  rateFor(country: string): TaxRate {
    return this.rates.get(TaxPolicy.country(country)) ?? this.fallback;
  }

  private static country(code: string): string {
    if (!COUNTRY.test(code))
      throw new DomainError(BillingErrors.INVALID_COUNTRY, `"${code}" is not a two-letter country code`);
    return code;
  }
}
