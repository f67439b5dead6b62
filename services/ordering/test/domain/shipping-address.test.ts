import { DomainError } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import { type ShippingAddress, shippingAddress } from "../../src/domain/shipping-address.ts";

const valid: ShippingAddress = {
  recipient: "Ada Lovelace",
  line1: "12 Analytical Street",
  postalCode: "1011 AB",
  city: "Amsterdam",
  country: "NL",
};

function refusal(props: unknown): DomainError {
  try {
    shippingAddress(props as ShippingAddress);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError, nothing was thrown");
}

describe("shippingAddress", () => {
  it("accepts a complete address, with or without the optional line2 and region, and freezes it", () => {
    const minimal = shippingAddress(valid);
    expect(minimal).toEqual(valid);
    expect(Object.isFrozen(minimal)).toBe(true);
    const full = shippingAddress({ ...valid, line2: "Floor 3", region: "Noord-Holland" });
    expect(full).toMatchObject({ line2: "Floor 3", region: "Noord-Holland" });
    expect(shippingAddress({ ...valid, line2: null, region: null })).toMatchObject({
      line2: null,
      region: null,
    });
  });

  it("copies what it is given: changing the input later does not change the address", () => {
    const input = { ...valid };
    const address = shippingAddress(input);
    input.city = "Rotterdam";
    expect(address.city).toBe("Amsterdam");
  });

  it.each([
    ["recipient", ""],
    ["recipient", "   "],
    ["recipient", "x".repeat(201)],
    ["line1", "\t"],
    ["line1", undefined],
    ["postalCode", "1".repeat(21)],
    ["city", ""],
    ["city", "x".repeat(101)],
    ["line2", ""],
    ["line2", "x".repeat(201)],
    ["region", " "],
    ["country", undefined],
  ])("refuses %s = %j with order.invalid_address naming the field", (field, value) => {
    const error = refusal({ ...valid, [field]: value });
    expect(error.code).toBe("order.invalid_address");
    expect(error.kind).toBe("invalid");
    expect(error.message).toContain(field);
  });

  it.each(["nl", "NLD", "N1", ""])(
    "refuses the country %j: an ISO 3166-1 alpha-2 code is required",
    (country) => {
      expect(refusal({ ...valid, country }).code).toBe("order.invalid_address");
    },
  );

  it("accepts every field at its maximum length", () => {
    const longest = {
      recipient: "r".repeat(200),
      line1: "l".repeat(200),
      line2: "m".repeat(200),
      postalCode: "p".repeat(20),
      city: "c".repeat(100),
      region: "g".repeat(100),
      country: "DE",
    };
    expect(shippingAddress(longest)).toEqual(longest);
  });
});
