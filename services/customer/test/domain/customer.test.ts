import { DomainError, type DomainErrorKind } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import { Customer, MAX_ADDRESSES, MAX_NAME_LENGTH } from "../../src/domain/customer.ts";
import { CustomerStatus } from "../../src/domain/customer-status.ts";
import { EmailAddress } from "../../src/domain/email-address.ts";
import {
  type CustomerAddressAdded,
  CustomerAddressRemoved,
  CustomerDeactivated,
  CustomerPreferencesChanged,
  CustomerRegistered,
  CustomerRenamed,
  type DefaultShippingAddressChanged,
} from "../../src/domain/events.ts";
import type { PostalAddressInput } from "../../src/domain/postal-address.ts";
import { Preferences } from "../../src/domain/preferences.ts";

const ID = "0193a6f0-0000-7000-8000-00000000000c";
const NOW = new Date("2026-11-26T10:00:00.000Z");
const DEFAULTS = Preferences.of({ marketingConsent: false, currency: "EUR", language: "en" });

const berlin: PostalAddressInput = {
  line1: "Unter den Linden 1",
  city: "Berlin",
  postalCode: "10117",
  country: "DE",
};
const paris: PostalAddressInput = {
  line1: "1 Rue de Rivoli",
  city: "Paris",
  postalCode: "75001",
  country: "FR",
};
const rome: PostalAddressInput = {
  line1: "Via del Corso 1",
  city: "Roma",
  postalCode: "00186",
  country: "IT",
};

function registered(address: PostalAddressInput | null = null): Customer {
  const customer = Customer.register(
    ID,
    EmailAddress.of("Ada@Example.com"),
    "Ada Lovelace",
    address,
    DEFAULTS,
    NOW,
  );
  customer.markSaved(1);
  return customer;
}

function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError, nothing was thrown");
}

function expectRefused(fn: () => unknown, code: string, kind: DomainErrorKind = "invalid") {
  const error = domainErrorOf(fn);
  expect({ code: error.code, kind: error.kind }).toEqual({ code, kind });
}

/** What a customer looks like from outside, to show that a refused command changed nothing. */
function stateOf(c: Customer) {
  return {
    name: c.name,
    status: c.status,
    preferences: c.preferences.toJSON(),
    addresses: c.addresses.map((a) => ({ id: a.id, ...a.address.toJSON() })),
    defaultShippingAddressId: c.defaultShippingAddressId,
    deactivatedAt: c.deactivatedAt,
    events: c.domainEvents.length,
  };
}

function expectUnchangedWhenRefused(c: Customer, fn: () => unknown, code: string, kind?: DomainErrorKind) {
  const before = stateOf(c);
  expectRefused(fn, code, kind);
  expect(stateOf(c)).toEqual(before);
}

describe("registering", () => {
  it("creates an Active customer with the defaults and raises CustomerRegistered", () => {
    const c = Customer.register(
      ID,
      EmailAddress.of("Ada@Example.com"),
      "  Ada Lovelace ",
      null,
      DEFAULTS,
      NOW,
    );
    expect(c.status).toBe(CustomerStatus.Active);
    expect(c.isActive).toBe(true);
    expect(c.name).toBe("Ada Lovelace");
    expect(c.email.value).toBe("Ada@Example.com");
    expect(c.email.normalized).toBe("ada@example.com");
    expect(c.preferences.equals(DEFAULTS)).toBe(true);
    expect(c.registeredAt).toEqual(NOW);
    expect(c.addresses).toEqual([]);
    expect(c.defaultShippingAddress).toBeNull();
    expect(c.version).toBe(0);
    expect(c.domainEvents).toHaveLength(1);
    const event = c.domainEvents[0] as CustomerRegistered;
    expect(event).toBeInstanceOf(CustomerRegistered);
    expect({
      id: event.aggregateId,
      name: event.customerName,
      address: event.defaultShippingAddress,
    }).toEqual({
      id: ID,
      name: "Ada Lovelace",
      address: null,
    });
  });

  it("with an address: it is the only address and the default shipping address", () => {
    const c = Customer.register(ID, EmailAddress.of("a@example.com"), "Ada", berlin, DEFAULTS, NOW, "addr-1");
    expect(c.addresses.map((a) => a.id)).toEqual(["addr-1"]);
    expect(c.defaultShippingAddressId).toBe("addr-1");
    expect(c.defaultShippingAddress?.address.city).toBe("Berlin");
    const event = c.domainEvents[0] as CustomerRegistered;
    expect(event.defaultShippingAddress?.toJSON()).toEqual({ ...berlin, line2: null });
    expect(c.domainEvents).toHaveLength(1);
  });

  it.each([
    ["empty", ""],
    ["blank", "   \t "],
    ["too long", "x".repeat(MAX_NAME_LENGTH + 1)],
    ["a control character", "Ada\u0000Lovelace"],
    ["a newline", "Ada\nLovelace"],
    ["half a surrogate pair", "Ada\uD800"],
  ])("refuses a name that is %s", (_what, name) => {
    expectRefused(
      () => Customer.register(ID, EmailAddress.of("a@example.com"), name, null, DEFAULTS),
      "customer.invalid_name",
    );
  });

  it("keeps a name of exactly the maximum length, and any script or punctuation as given", () => {
    for (const name of ["x".repeat(MAX_NAME_LENGTH), "Zoë O'Brien-Łukasiewicz", "山田 太郎", "<b>Bob</b>"]) {
      expect(Customer.register(ID, EmailAddress.of("a@example.com"), name, null, DEFAULTS).name).toBe(name);
    }
  });

  it("refuses an invalid first address, raising nothing", () => {
    expectRefused(
      () =>
        Customer.register(
          ID,
          EmailAddress.of("a@example.com"),
          "Ada",
          { ...berlin, country: "XX" },
          DEFAULTS,
        ),
      "customer.invalid_country",
    );
  });
});

describe("updating the profile", () => {
  it("renames: CustomerRenamed with the trimmed name", () => {
    const c = registered();
    c.updateProfile({ name: " Ada King " });
    expect(c.name).toBe("Ada King");
    expect(c.domainEvents).toEqual([expect.any(CustomerRenamed)]);
    expect((c.domainEvents[0] as CustomerRenamed).customerName).toBe("Ada King");
  });

  it("changes only the preferences given: CustomerPreferencesChanged", () => {
    const c = registered();
    c.updateProfile({ preferences: { language: "de-de", marketingConsent: true } });
    expect(c.preferences.toJSON()).toEqual({ marketingConsent: true, currency: "EUR", language: "de-DE" });
    expect(c.domainEvents).toEqual([expect.any(CustomerPreferencesChanged)]);
  });

  it("name and preferences at once raise both events", () => {
    const c = registered();
    c.updateProfile({ name: "Ada King", preferences: { currency: "GBP" } });
    expect(c.domainEvents.map((e) => e.name)).toEqual(["CustomerRenamed", "CustomerPreferencesChanged"]);
  });

  it("the values it already has change nothing and raise nothing", () => {
    const c = registered();
    c.updateProfile({
      name: "Ada Lovelace",
      preferences: { currency: "EUR", language: "en", marketingConsent: false },
    });
    c.updateProfile({});
    expect(c.domainEvents).toEqual([]);
  });

  it("is all or nothing: a bad preference keeps the new name from being applied", () => {
    const c = registered();
    expectUnchangedWhenRefused(
      c,
      () => c.updateProfile({ name: "Ada King", preferences: { currency: "XYZ" } }),
      "customer.invalid_currency",
    );
    expectUnchangedWhenRefused(
      c,
      () => c.updateProfile({ name: "Ada King", preferences: { language: "not a language" } }),
      "customer.invalid_language",
    );
    expectUnchangedWhenRefused(
      c,
      () => c.updateProfile({ name: " ", preferences: { currency: "GBP" } }),
      "customer.invalid_name",
    );
  });
});

describe("addresses", () => {
  it("the first address becomes the default; later ones do not unless asked", () => {
    const c = registered();
    const a = c.addAddress(berlin, false, "a");
    const b = c.addAddress(paris, false, "b");
    expect([a, b]).toEqual(["a", "b"]);
    expect(c.defaultShippingAddressId).toBe("a");
    expect(c.domainEvents.map((e) => e.name)).toEqual([
      "CustomerAddressAdded",
      "DefaultShippingAddressChanged",
      "CustomerAddressAdded",
    ]);
    const changed = c.domainEvents[1] as DefaultShippingAddressChanged;
    expect({ id: changed.addressId, city: changed.address?.city }).toEqual({ id: "a", city: "Berlin" });
  });

  it("an address added as default replaces the default", () => {
    const c = registered(berlin);
    c.addAddress(paris, true, "p");
    expect(c.defaultShippingAddressId).toBe("p");
    expect(c.addresses).toHaveLength(2);
    expect(c.domainEvents.map((e) => e.name)).toEqual([
      "CustomerAddressAdded",
      "DefaultShippingAddressChanged",
    ]);
    expect((c.domainEvents[0] as CustomerAddressAdded).addressId).toBe("p");
  });

  it("an address the customer already has is not saved twice; asking for default makes it the default", () => {
    const c = registered();
    c.addAddress(berlin, false, "a");
    c.addAddress(paris, false, "b");
    c.markSaved(2);
    expect(c.addAddress({ ...berlin, line1: " Unter den Linden 1 " }, false, "dup")).toBe("a");
    expect(c.domainEvents).toEqual([]);
    expect(c.addAddress(paris, true, "dup")).toBe("b");
    expect(c.addresses.map((a) => a.id)).toEqual(["a", "b"]);
    expect(c.defaultShippingAddressId).toBe("b");
    expect(c.domainEvents.map((e) => e.name)).toEqual(["DefaultShippingAddressChanged"]);
  });

  it(`keeps at most ${MAX_ADDRESSES} addresses`, () => {
    const c = registered();
    for (let i = 0; i < MAX_ADDRESSES; i++) c.addAddress({ ...berlin, line1: `Street ${i}` });
    expectUnchangedWhenRefused(c, () => c.addAddress(paris), "customer.too_many_addresses");
    // one it already has is still fine
    expect(() => c.addAddress({ ...berlin, line1: "Street 3" }, true)).not.toThrow();
  });

  it("choosing a saved address as default; the same one again raises nothing", () => {
    const c = registered(berlin);
    const p = c.addAddress(paris);
    c.markSaved(2);
    c.setDefaultShippingAddress(p);
    expect(c.defaultShippingAddressId).toBe(p);
    expect(c.domainEvents.map((e) => e.name)).toEqual(["DefaultShippingAddressChanged"]);
    c.markSaved(3);
    c.setDefaultShippingAddress(p);
    expect(c.domainEvents).toEqual([]);
  });

  it("choosing or removing an address the customer does not have → not found", () => {
    const c = registered(berlin);
    expectUnchangedWhenRefused(
      c,
      () => c.setDefaultShippingAddress("nope"),
      "customer.address_not_found",
      "not-found",
    );
    expectUnchangedWhenRefused(c, () => c.removeAddress("nope"), "customer.address_not_found", "not-found");
  });

  it("removing a non-default address keeps the default", () => {
    const c = registered(berlin);
    const p = c.addAddress(paris);
    c.markSaved(2);
    c.removeAddress(p);
    expect(c.addresses).toHaveLength(1);
    expect(c.defaultShippingAddress?.address.city).toBe("Berlin");
    expect(c.domainEvents).toEqual([expect.any(CustomerAddressRemoved)]);
  });

  it("removing the default leaves the customer without one (and says so)", () => {
    const c = registered(berlin);
    c.addAddress(paris);
    c.addAddress(rome);
    const defaultId = c.defaultShippingAddressId!;
    c.markSaved(2);
    c.removeAddress(defaultId);
    expect(c.defaultShippingAddressId).toBeNull();
    expect(c.defaultShippingAddress).toBeNull();
    expect(c.addresses.map((a) => a.address.city)).toEqual(["Paris", "Roma"]);
    const changed = c.domainEvents[1] as DefaultShippingAddressChanged;
    expect(c.domainEvents.map((e) => e.name)).toEqual([
      "CustomerAddressRemoved",
      "DefaultShippingAddressChanged",
    ]);
    expect({ id: changed.addressId, address: changed.address }).toEqual({ id: null, address: null });
  });
});

describe("deactivating", () => {
  it("freezes the customer: status, time and CustomerDeactivated", () => {
    const c = registered(berlin);
    const at = new Date("2026-12-01T00:00:00.000Z");
    c.deactivate(at);
    expect(c.status).toBe(CustomerStatus.Deactivated);
    expect(c.isActive).toBe(false);
    expect(c.deactivatedAt).toEqual(at);
    expect(c.domainEvents).toEqual([expect.any(CustomerDeactivated)]);
  });

  it("a deactivated customer cannot be changed in any way (409-kind illegal-state)", () => {
    const c = registered(berlin);
    const p = c.addAddress(paris);
    c.deactivate();
    c.markSaved(3);
    const attempts: (() => unknown)[] = [
      () => c.updateProfile({ name: "Someone Else" }),
      () => c.updateProfile({ preferences: { marketingConsent: true } }),
      () => c.addAddress(rome),
      () => c.addAddress(berlin, true),
      () => c.setDefaultShippingAddress(p),
      () => c.removeAddress(p),
      () => c.deactivate(),
    ];
    for (const attempt of attempts)
      expectUnchangedWhenRefused(c, attempt, "customer.deactivated", "illegal-state");
  });
});

it("restore rebuilds a customer without raising events", () => {
  const c = Customer.restore(
    {
      id: ID,
      email: EmailAddress.of("a@example.com"),
      name: "Ada",
      status: CustomerStatus.Deactivated,
      preferences: DEFAULTS,
      addresses: [],
      defaultShippingAddressId: null,
      registeredAt: NOW,
      deactivatedAt: NOW,
    },
    7,
  );
  expect(c.version).toBe(7);
  expect(c.domainEvents).toEqual([]);
  expect(c.isActive).toBe(false);
});
