import { DomainError, Money } from "@ecommerce/domain-kernel";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TaxPolicy } from "../../src/domain/tax-policy.ts";
import { TaxRate } from "../../src/domain/tax-rate.ts";

const eur = (amount: string) => Money.of(amount, "EUR");

describe("TaxRate", () => {
  it("computes tax exactly and rounds half up to the minor unit", () => {
    expect(TaxRate.of("0.21").taxOn(eur("10.00")).amount).toBe("2.10");
    expect(TaxRate.of("0.19").taxOn(eur("0.50")).amount).toBe("0.10"); // 0.095 → 0.10
    expect(TaxRate.of("0.19").taxOn(eur("0.02")).amount).toBe("0.00"); // 0.0038 → 0.00
    expect(TaxRate.of("0.075").taxOn(eur("0.06")).amount).toBe("0.00"); // 0.0045 → 0.00
    expect(TaxRate.of("0.075").taxOn(eur("0.20")).amount).toBe("0.02"); // 0.015 → 0.02
    expect(TaxRate.of("0.1").taxOn(Money.of("15", "JPY")).amount).toBe("2"); // 1.5 → 2
  });

  it("matches the exact rational result for any amount and rate", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 999_999 }),
        (minor, ppm) => {
          const rate = TaxRate.of(`0.${String(ppm).padStart(6, "0")}`);
          const tax = rate.taxOn(Money.fromMinor(minor, "EUR")).minorUnits;
          const exact = minor * BigInt(ppm); // in millionths of a minor unit
          expect(tax * 1_000_000n <= exact + 500_000n).toBe(true);
          expect(exact + 500_000n < (tax + 1n) * 1_000_000n).toBe(true);
        },
      ),
    );
  });

  it.each(["1", "1.0", "-0.1", "0.1234567", "21%", "", ".2", "0,2"])("refuses %j", (text) => {
    expect(() => TaxRate.of(text)).toThrowError(DomainError);
  });

  it("prints the shortest decimal", () => {
    expect(TaxRate.of("0.210000").toString()).toBe("0.21");
    expect(TaxRate.of("0").toString()).toBe("0");
  });
});

describe("TaxPolicy", () => {
  it("takes the country's rate, else the fallback, else zero", () => {
    const policy = TaxPolicy.parse("DE=0.19, NL=0.21, *=0.2");
    expect(policy.rateFor("DE").toString()).toBe("0.19");
    expect(policy.rateFor("FR").toString()).toBe("0.2");
    expect(TaxPolicy.parse("").rateFor("FR").toString()).toBe("0");
  });

  it.each(["DE", "DE=0.19=1", "de=0.19", "DEU=0.19", "DE=19%"])("refuses the setting %j", (text) => {
    expect(() => TaxPolicy.parse(text)).toThrowError(DomainError);
  });

  it("refuses a country that is not two letters", () => {
    expect(() => TaxPolicy.parse("").rateFor("Germany")).toThrowError(/two-letter/);
  });
});
