import { DomainError } from "@ecommerce/domain-kernel";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EmailAddress, MAX_EMAIL_LENGTH } from "../../src/domain/email-address.ts";

describe("EmailAddress", () => {
  it("keeps the address as typed (trimmed) and normalises it to lower case", () => {
    const email = EmailAddress.of("  Ada.Lovelace+Shop@Example.CO.uk ");
    expect(email.value).toBe("Ada.Lovelace+Shop@Example.CO.uk");
    expect(email.normalized).toBe("ada.lovelace+shop@example.co.uk");
    expect(String(email)).toBe("Ada.Lovelace+Shop@Example.CO.uk");
  });

  it("two addresses differing only in case have the same normalised form", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9]{1,20}$/),
        fc.stringMatching(/^[a-z]{2,10}$/),
        (local, domain) => {
          const lower = EmailAddress.of(`${local}@${domain}.com`);
          const upper = EmailAddress.of(`${local.toUpperCase()}@${domain.toUpperCase()}.COM`);
          expect(upper.normalized).toBe(lower.normalized);
          expect(EmailAddress.normalize(` ${upper.value} `)).toBe(lower.normalized);
        },
      ),
    );
  });

  it.each([
    "a@example.com",
    "first.last@example.com",
    "o'brien@example.ie",
    "x+tag@sub.example.org",
    "1234@example.travel",
    `${"l".repeat(64)}@example.com`,
  ])("accepts %s", (value) => {
    expect(EmailAddress.of(value).value).toBe(value);
  });

  it.each([
    ["empty", ""],
    ["no @", "ada.example.com"],
    ["no local part", "@example.com"],
    ["no domain", "ada@"],
    ["a single-label domain", "ada@localhost"],
    ["two @", "ada@@example.com"],
    ["a space inside", "ada lovelace@example.com"],
    ["a leading dot", ".ada@example.com"],
    ["a double dot", "ada..l@example.com"],
    ["a numeric TLD", "ada@example.123"],
    ["a hyphen at a label's edge", "ada@-example.com"],
    ["a local part over 64 characters", `${"l".repeat(65)}@example.com`],
    ["over 254 characters", `a@${"d".repeat(63)}.${"d".repeat(63)}.${"d".repeat(63)}.${"d".repeat(60)}.com`],
    ["script", "<script>@example.com"],
    ["a control character", "ada\u0000@example.com"],
    ["non-ASCII", "zoë@example.com"],
  ])("refuses %s", (_what, value) => {
    expect(value.length > MAX_EMAIL_LENGTH || !EmailAddress.isValid(value)).toBe(true);
    let error: unknown;
    try {
      EmailAddress.of(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("customer.invalid_email");
  });

  it("equal addresses are equal values; case makes a different value with the same normal form", () => {
    expect(EmailAddress.of("a@example.com").equals(EmailAddress.of(" a@example.com"))).toBe(true);
    expect(EmailAddress.of("A@example.com").equals(EmailAddress.of("a@example.com"))).toBe(false);
  });
});
