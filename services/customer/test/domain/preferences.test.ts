import { DomainError } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import { MAX_LANGUAGE_TAG_LENGTH, Preferences } from "../../src/domain/preferences.ts";

const base = { marketingConsent: false, currency: "EUR", language: "en" };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  throw new Error("expected a DomainError");
}

describe("Preferences", () => {
  it.each([
    ["en", "en"],
    ["de-DE", "de-DE"],
    ["de-de", "de-DE"],
    ["EN-gb", "en-GB"],
    ["zh-hant-tw", "zh-Hant-TW"],
    ["es-419", "es-419"],
    ["sr-Latn-RS", "sr-Latn-RS"],
  ])("takes the language tag %s in its canonical form %s", (given, canonical) => {
    expect(Preferences.of({ ...base, language: given }).language).toBe(canonical);
  });

  it.each([
    "",
    "e",
    "english",
    "en_US",
    "en-",
    "-en",
    "en--US",
    "12",
    "en-US-u-ca-buddhist",
    "x-private",
    "i-klingon",
    "en US",
    `en-${"a".repeat(MAX_LANGUAGE_TAG_LENGTH)}`,
  ])("refuses the language %j", (language) => {
    expect(codeOf(() => Preferences.of({ ...base, language }))).toBe("customer.invalid_language");
  });

  it.each(["XYZ", "eur", "EU", "EURO", "", "€"])("refuses the currency %j", (currency) => {
    expect(codeOf(() => Preferences.of({ ...base, currency }))).toBe("customer.invalid_currency");
  });

  it("accepts every currency the runtime knows, e.g. JPY, CHF", () => {
    for (const currency of ["JPY", "CHF", "GBP", "USD"])
      expect(Preferences.of({ ...base, currency }).currency).toBe(currency);
  });

  it("refuses a consent that is not a boolean", () => {
    expect(codeOf(() => Preferences.of({ ...base, marketingConsent: "yes" as unknown as boolean }))).toBe(
      "customer.invalid_preferences",
    );
  });

  it("with() changes only the fields given and leaves the original alone", () => {
    const p = Preferences.of(base);
    const q = p.with({ marketingConsent: true, language: undefined });
    expect(q.toJSON()).toEqual({ marketingConsent: true, currency: "EUR", language: "en" });
    expect(p.toJSON()).toEqual(base);
    expect(p.with({}).equals(p)).toBe(true);
    expect(p.with({ language: "EN" }).equals(p)).toBe(true);
  });
});
