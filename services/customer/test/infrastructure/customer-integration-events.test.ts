import { parseEvent } from "@ecommerce/contracts";
import { envelopesOf } from "@ecommerce/messaging";
import { describe, expect, it } from "vitest";
import { Customer } from "../../src/domain/customer.ts";
import { EmailAddress } from "../../src/domain/email-address.ts";
import { Preferences } from "../../src/domain/preferences.ts";
import { customerIntegrationEvents } from "../../src/infrastructure/customer-integration-events.ts";

const ID = "0193a6f0-0000-7000-8000-00000000000c";
const context = { correlationId: "corr-1", causationId: "req-1" };
const berlin = {
  line1: "Unter den Linden 1",
  line2: "Hof 2",
  city: "Berlin",
  postalCode: "10117",
  country: "DE",
};
const paris = { line1: "1 Rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" };

function customer(address: typeof berlin | null = berlin): Customer {
  const c = Customer.register(
    ID,
    EmailAddress.of("ada@example.com"),
    "Ada Lovelace",
    address,
    Preferences.of({ marketingConsent: false, currency: "EUR", language: "en" }),
  );
  return c;
}

/** The integration events of the aggregate's pending domain events, each parsed against the contracts. */
function published(c: Customer) {
  const events = envelopesOf(customerIntegrationEvents, c, c.version + 1, context).map((e) => parseEvent(e));
  c.markSaved(c.version + 1);
  return events;
}

describe("integration events", () => {
  it("registration → CustomerRegistered with the default address addressed to the customer, no email", () => {
    const [event, ...rest] = published(customer());
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: "ecommerce.customer.customer-registered.v1",
      source: "/customer",
      subject: ID,
      correlationid: "corr-1",
      causationid: "req-1",
      data: {
        customerId: ID,
        name: "Ada Lovelace",
        defaultShippingAddress: { recipient: "Ada Lovelace", ...berlin },
      },
    });
    expect(JSON.stringify(event)).not.toContain("ada@example.com");
  });

  it("registration without an address publishes a null address", () => {
    const [event] = published(customer(null));
    expect(event?.data).toEqual({ customerId: ID, name: "Ada Lovelace", defaultShippingAddress: null });
  });

  it("a rename → CustomerProfileUpdated, and the default address again with the new recipient", () => {
    const c = customer();
    published(c);
    c.updateProfile({ name: "Ada King" });
    const events = published(c);
    expect(events.map((e) => e.type)).toEqual([
      "ecommerce.customer.customer-profile-updated.v1",
      "ecommerce.customer.customer-address-changed.v1",
    ]);
    expect(events[0]?.data).toEqual({ customerId: ID, name: "Ada King" });
    expect(events[1]?.data).toMatchObject({
      defaultShippingAddress: { recipient: "Ada King", city: "Berlin" },
    });
  });

  it("a rename without a default address → only CustomerProfileUpdated", () => {
    const c = customer(null);
    published(c);
    c.updateProfile({ name: "Ada King" });
    expect(published(c).map((e) => e.type)).toEqual(["ecommerce.customer.customer-profile-updated.v1"]);
  });

  it("preferences and non-default addresses are nobody else's business: nothing is published", () => {
    const c = customer();
    published(c);
    c.updateProfile({ preferences: { marketingConsent: true, language: "de" } });
    c.addAddress(paris);
    expect(published(c)).toEqual([]);
  });

  it("a new default → one CustomerAddressChanged with it; removing it → null", () => {
    const c = customer();
    published(c);
    const p = c.addAddress(paris, true);
    const [changed, ...rest] = published(c);
    expect(rest).toEqual([]);
    expect(changed?.data).toEqual({
      customerId: ID,
      defaultShippingAddress: { recipient: "Ada Lovelace", ...paris, line2: null },
    });
    c.removeAddress(p);
    expect(published(c).map((e) => e.data)).toEqual([{ customerId: ID, defaultShippingAddress: null }]);
  });

  it("rename and new default in one save publish the address once", () => {
    const c = customer();
    published(c);
    c.updateProfile({ name: "Ada King" });
    c.addAddress(paris, true);
    const events = published(c);
    expect(events.map((e) => e.type)).toEqual([
      "ecommerce.customer.customer-profile-updated.v1",
      "ecommerce.customer.customer-address-changed.v1",
    ]);
    expect(events[1]?.data).toMatchObject({
      defaultShippingAddress: { recipient: "Ada King", city: "Paris" },
    });
  });

  it("deactivation → CustomerDeactivated with only the id", () => {
    const c = customer();
    published(c);
    c.deactivate();
    const events = published(c);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["ecommerce.customer.customer-deactivated.v1", { customerId: ID }],
    ]);
  });

  it("every event has its own id", () => {
    const c = customer();
    published(c);
    c.updateProfile({ name: "Ada King" });
    const ids = published(c).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
