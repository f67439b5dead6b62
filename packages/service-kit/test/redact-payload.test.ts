import { describe, expect, it } from "vitest";
import { Command, MAX_AUDIT_STRING, REDACTED, redactPayload } from "../src/index.ts";

class RegisterCustomer extends Command<string> {
  constructor(
    readonly email: string,
    readonly name: string,
    readonly address: { line1: string; postalCode: string; country: string } | undefined,
  ) {
    super();
  }
}

describe("redactPayload: the audit trail's rule for secrets and personal data", () => {
  it("redacts fields named for a secret or personal data, at any depth, whatever their value", () => {
    const payload = redactPayload({
      kind: "command",
      email: "ada@example.com",
      name: "Ada",
      change: { firstName: "Ada", last_name: "Lovelace", preferences: { newsletter: true } },
      address: { line1: "1 Main Street", country: "FR" },
      shippingAddress: { recipient: "Ada" },
      phoneNumber: "+33 1 23 45 67 89",
      paymentMethod: { token: "tok_1" },
      paymentToken: "tok_2",
      accessToken: "abc",
      password: "hunter2",
      apiKey: "k",
      cardNumber: "4111",
      dateOfBirth: "1815-12-10",
    });
    expect(payload).toEqual({
      email: REDACTED,
      name: REDACTED,
      change: { firstName: REDACTED, last_name: REDACTED, preferences: { newsletter: true } },
      address: REDACTED,
      shippingAddress: REDACTED,
      phoneNumber: REDACTED,
      paymentMethod: REDACTED,
      paymentToken: REDACTED,
      accessToken: REDACTED,
      password: REDACTED,
      apiKey: REDACTED,
      cardNumber: REDACTED,
      dateOfBirth: REDACTED,
    });
  });

  it("keeps identifiers, even those named for an address or a payment", () => {
    const ids = {
      customerId: "0190a0a0-0000-7000-8000-000000000001",
      addressId: "0190a0a0-0000-7000-8000-000000000002",
      paymentId: "pay_1",
      lineIds: ["a", "b"],
    };
    expect(redactPayload(ids)).toEqual(ids);
  });

  it("redacts free text that holds an email address, a JWT, a bearer token or a card number", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    expect(
      redactPayload({
        reason: "customer ada@example.com asked",
        note: `token ${jwt}`,
        comment: "Authorization: Bearer abc.def",
        remark: "paid with 4111-1111-1111-1111",
        carrier: "DHL",
        // a digit run that fails the Luhn check is no card number: a tracking number stays
        trackingNumber: "1234567890123",
        eventId: "0190a0a0-0000-7000-8000-000000000003",
      }),
    ).toEqual({
      reason: REDACTED,
      note: REDACTED,
      comment: REDACTED,
      remark: REDACTED,
      carrier: "DHL",
      trackingNumber: "1234567890123",
      eventId: "0190a0a0-0000-7000-8000-000000000003",
    });
  });

  it("keeps numbers, booleans and money, bounds long strings and lists, and drops functions", () => {
    const payload = redactPayload({
      delta: -3,
      makeDefault: true,
      price: { amount: "12.50", currency: "EUR" },
      minor: 1250n,
      description: "x".repeat(MAX_AUDIT_STRING + 10),
      lines: Array.from({ length: 60 }, (_, i) => ({ quantity: i })),
      work: () => undefined,
      missing: undefined,
    });
    expect(payload).toMatchObject({
      delta: -3,
      makeDefault: true,
      price: { amount: "12.50", currency: "EUR" },
      minor: "1250",
    });
    expect(payload.description).toBe(`${"x".repeat(MAX_AUDIT_STRING)}…(${MAX_AUDIT_STRING + 10} characters)`);
    expect(payload.lines).toHaveLength(51);
    expect((payload.lines as unknown[]).at(-1)).toBe("…(60 items)");
    expect(Object.keys(payload)).not.toContain("work");
    expect(Object.keys(payload)).not.toContain("missing");
  });

  it("takes a command's own fields, not its kind", () => {
    const payload = redactPayload(new RegisterCustomer("ada@example.com", "Ada", undefined));
    expect(payload).toEqual({ email: REDACTED, name: REDACTED });
  });
});

class CreateProduct extends Command<string> {
  static readonly auditKeeps = ["name"];
  constructor(readonly product: { sku: string; name: string; supplierEmail: string }) {
    super();
  }
}

describe("a command's auditKeeps", () => {
  it("lets the names it lists escape the name rule, in that command only; their values are still checked", () => {
    expect(
      redactPayload(new CreateProduct({ sku: "A-1", name: "Lamp", supplierEmail: "s@example.com" })),
    ).toEqual({
      product: { sku: "A-1", name: "Lamp", supplierEmail: REDACTED },
    });
    expect(
      redactPayload(new CreateProduct({ sku: "A-1", name: "mail me: s@example.com", supplierEmail: "x" })),
    ).toEqual({ product: { sku: "A-1", name: REDACTED, supplierEmail: REDACTED } });
    expect(redactPayload(new RegisterCustomer("x", "Ada", undefined))).toMatchObject({ name: REDACTED });
  });
});
