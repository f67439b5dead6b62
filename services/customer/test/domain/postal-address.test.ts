import { DomainError } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import { COUNTRY_CODE_COUNT, isAssignedCountryCode } from "../../src/domain/country-code.ts";
import {
  MAX_CITY_LENGTH,
  MAX_LINE_LENGTH,
  MAX_POSTAL_CODE_LENGTH,
  PostalAddress,
  type PostalAddressInput,
} from "../../src/domain/postal-address.ts";

const valid: PostalAddressInput = {
  line1: "Unter den Linden 1",
  city: "Berlin",
  postalCode: "10117",
  country: "DE",
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  throw new Error("expected a DomainError");
}

describe("PostalAddress", () => {
  it("trims the fields and treats a blank line 2 as none", () => {
    const a = PostalAddress.of({
      line1: " 1 Main St ",
      line2: "  ",
      city: " Springfield ",
      postalCode: " 12345 ",
      country: "US",
    });
    expect(a.toJSON()).toEqual({
      line1: "1 Main St",
      line2: null,
      city: "Springfield",
      postalCode: "12345",
      country: "US",
    });
    expect(PostalAddress.of({ ...valid, line2: "Apt 4" }).line2).toBe("Apt 4");
  });

  it.each(["SW1A 1AA", "D02 X285", "00-950", "1010", "K1A0B1"])("accepts postal code %s", (postalCode) => {
    expect(PostalAddress.of({ ...valid, postalCode }).postalCode).toBe(postalCode);
  });

  it.each([
    ["line 1 empty", { line1: "" }],
    ["line 1 blank", { line1: "  " }],
    ["line 1 too long", { line1: "x".repeat(MAX_LINE_LENGTH + 1) }],
    ["line 2 too long", { line2: "x".repeat(MAX_LINE_LENGTH + 1) }],
    ["line 1 with a control character", { line1: "Main St\u0007" }],
    ["line 2 with half a surrogate pair", { line2: "Apt \uDC00" }],
    ["city with half a surrogate pair", { city: "Berlin\uD800" }],
    ["city empty", { city: "" }],
    ["city too long", { city: "x".repeat(MAX_CITY_LENGTH + 1) }],
    ["postal code empty", { postalCode: "" }],
    ["postal code too long", { postalCode: "1".repeat(MAX_POSTAL_CODE_LENGTH + 1) }],
    ["postal code with punctuation", { postalCode: "10117;" }],
    ["postal code ending in a hyphen", { postalCode: "10117-" }],
  ])("refuses %s (customer.invalid_address)", (_what, patch) => {
    expect(codeOf(() => PostalAddress.of({ ...valid, ...patch }))).toBe("customer.invalid_address");
  });

  it.each(["XX", "ZZ", "EU", "UK", "de", "DEU", "D", "", "276"])(
    "refuses country %j (customer.invalid_country)",
    (country) => {
      expect(codeOf(() => PostalAddress.of({ ...valid, country }))).toBe("customer.invalid_country");
    },
  );

  it("knows exactly the 249 assigned ISO 3166-1 alpha-2 codes", () => {
    expect(COUNTRY_CODE_COUNT).toBe(249);
    for (const code of ["DE", "FR", "GB", "US", "JP", "BR", "AX", "SS", "CW"])
      expect(isAssignedCountryCode(code)).toBe(true);
  });

  it("addresses with the same fields are equal", () => {
    expect(PostalAddress.of(valid).equals(PostalAddress.of({ ...valid, line1: ` ${valid.line1}` }))).toBe(
      true,
    );
    expect(PostalAddress.of(valid).equals(PostalAddress.of({ ...valid, postalCode: "10118" }))).toBe(false);
  });
});
