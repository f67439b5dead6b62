import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError, MONEY_AMOUNT_PATTERN, MONEY_MAX_AMOUNT, Money } from "../src/index.ts";

const currency = fc.constantFrom("EUR", "USD", "JPY", "KWD");
const minor = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const money = (cur: string) => minor.map((m) => Money.fromMinor(m, cur));

describe("Money", () => {
  it("parses decimal strings exactly and prints the currency's minor digits", () => {
    expect(Money.of("12.5", "EUR").amount).toBe("12.50");
    expect(Money.of("0.1", "EUR").add(Money.of("0.2", "EUR")).amount).toBe("0.30");
    expect(Money.of("-3.07", "USD").amount).toBe("-3.07");
    expect(Money.of("1500", "JPY").amount).toBe("1500");
    expect(Money.of("1.234", "KWD").amount).toBe("1.234");
    expect(Money.of("12.50", "EUR").toJSON()).toEqual({ amount: "12.50", currency: "EUR" });
  });

  it.each([
    ["12.505", "EUR", "money.too_precise"],
    ["1.5", "JPY", "money.too_precise"],
    ["1e3", "EUR", "money.invalid_amount"],
    ["12,50", "EUR", "money.invalid_amount"],
    ["", "EUR", "money.invalid_amount"],
    [" 1", "EUR", "money.invalid_amount"],
    ["NaN", "EUR", "money.invalid_amount"],
    ["1.00", "eur", "money.unknown_currency"],
    ["1.00", "XYZ", "money.unknown_currency"],
  ])("refuses %j %s with %s", (amount, cur, code) => {
    expect(() => Money.of(amount, cur)).toThrow(expect.objectContaining({ code }));
  });

  it("prints and parses amounts beyond a float's exact range", () => {
    const yen = Money.fromMinor(10n ** 15n, "JPY");
    expect(yen.amount).toBe("1000000000000000");
    expect(Money.of(yen.amount, "JPY").equals(yen)).toBe(true);
    expect(Money.of("90071992547409.93", "EUR").add(Money.of("0.01", "EUR")).amount).toBe(
      "90071992547409.94",
    );
  });

  it("never mixes currencies", () => {
    const eur = Money.of("1.00", "EUR");
    const usd = Money.of("1.00", "USD");
    expect(() => eur.add(usd)).toThrow(DomainError);
    expect(() => eur.subtract(usd)).toThrow(/cannot combine EUR with USD/);
    expect(() => eur.compare(usd)).toThrow(DomainError);
  });

  it("multiplies only by whole numbers", () => {
    expect(Money.of("2.50", "EUR").multiply(3).amount).toBe("7.50");
    expect(() => Money.of("2.50", "EUR").multiply(1.5)).toThrow(/whole number/);
  });

  it("is equal by value", () => {
    expect(Money.of("2.5", "EUR").equals(Money.of("2.50", "EUR"))).toBe(true);
    expect(Money.of("2.50", "EUR").equals(Money.of("2.50", "USD"))).toBe(false);
  });

  describe("the bound every service stores and publishes (15 integer digits, NUMERIC(19, 4))", () => {
    it("holds the largest amount of each currency and nothing past it", () => {
      expect(MONEY_MAX_AMOUNT).toBe("999999999999999.9999");
      expect(Money.of("999999999999999.99", "EUR").exceedsBound()).toBe(false);
      expect(Money.of("1000000000000000.00", "EUR").exceedsBound()).toBe(true);
      expect(Money.of("999999999999999", "JPY").exceedsBound()).toBe(false);
      expect(Money.of("1000000000000000", "JPY").exceedsBound()).toBe(true);
      expect(Money.of("999999999999999.999", "KWD").exceedsBound()).toBe(false);
      expect(Money.of("-1000000000000000.00", "EUR").exceedsBound()).toBe(true);
      expect(Money.of("999999999999999.99", "EUR").add(Money.of("0.01", "EUR")).exceedsBound()).toBe(true);
    });

    it("is the pattern the schemas share", () => {
      const pattern = new RegExp(MONEY_AMOUNT_PATTERN);
      for (const ok of ["0", "0.5", "12.50", MONEY_MAX_AMOUNT, "999999999999999"]) {
        expect(pattern.test(ok), ok).toBe(true);
      }
      for (const bad of ["1000000000000000", "1.23456", "-1.00", "01.00", "1e3", " 1", "1.", ".5"]) {
        expect(pattern.test(bad), bad).toBe(false);
      }
    });
  });

  describe("properties", () => {
    it("round-trips through its JSON form", () => {
      fc.assert(
        fc.property(currency.chain(money), (m) => {
          expect(Money.fromJSON(m.toJSON()).equals(m)).toBe(true);
        }),
      );
    });

    it("addition is commutative and associative, zero is neutral", () => {
      fc.assert(
        fc.property(
          currency.chain((c) => fc.tuple(money(c), money(c), money(c))),
          ([a, b, c]) => {
            expect(a.add(b).equals(b.add(a))).toBe(true);
            expect(
              a
                .add(b)
                .add(c)
                .equals(a.add(b.add(c))),
            ).toBe(true);
            expect(a.add(Money.zero(a.currency)).equals(a)).toBe(true);
          },
        ),
      );
    });

    it("subtraction undoes addition", () => {
      fc.assert(
        fc.property(
          currency.chain((c) => fc.tuple(money(c), money(c))),
          ([a, b]) => {
            expect(a.add(b).subtract(b).equals(a)).toBe(true);
          },
        ),
      );
    });

    it("multiplying by n equals adding n times", () => {
      fc.assert(
        fc.property(currency.chain(money), fc.integer({ min: 0, max: 50 }), (m, n) => {
          let sum = Money.zero(m.currency);
          for (let i = 0; i < n; i++) sum = sum.add(m);
          expect(m.multiply(n).equals(sum)).toBe(true);
        }),
      );
    });

    it("the printed amount parses back to the same money", () => {
      fc.assert(
        fc.property(currency.chain(money), (m) => {
          expect(Money.of(m.amount, m.currency).minorUnits).toBe(m.minorUnits);
        }),
      );
    });
  });
});
