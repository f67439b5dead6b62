import type { Command, Message, Query } from "@ecommerce/service-kit";
import { expectMessageRefused } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddCustomerAddress } from "../../src/application/commands/add-customer-address.ts";
import { DeactivateCustomer } from "../../src/application/commands/deactivate-customer.ts";
import { RegisterCustomer } from "../../src/application/commands/register-customer.ts";
import { RemoveCustomerAddress } from "../../src/application/commands/remove-customer-address.ts";
import { SetDefaultShippingAddress } from "../../src/application/commands/set-default-shipping-address.ts";
import { UpdateCustomerProfile } from "../../src/application/commands/update-customer-profile.ts";
import { FindCustomerByEmail } from "../../src/application/queries/find-customer-by-email.ts";
import { GetCustomer } from "../../src/application/queries/get-customer.ts";
import {
  ListCustomers,
  MAX_CURSOR_LENGTH,
  MAX_PAGE_SIZE,
} from "../../src/application/queries/list-customers.ts";
import { MAX_NAME_LENGTH } from "../../src/domain/customer.ts";
import { MAX_EMAIL_LENGTH } from "../../src/domain/email-address.ts";
import {
  MAX_CITY_LENGTH,
  MAX_LINE_LENGTH,
  type PostalAddressInput,
} from "../../src/domain/postal-address.ts";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  type CustomerJson,
  type CustomersApi,
  customersApi,
  snapshot,
  uniqueEmail,
} from "../support/customers-api.ts";

// Commands do not only come over HTTP (scripts, event handlers), so the mediator checks each message
// against its class's schema before any handler runs. These messages go straight to the mediator the
// app's routes use, past the HTTP schemas. Each bad message must be refused with validation_failed
// naming exactly the bad fields and leave every table as it was; its corrected twin must then pass.
// Most of the bad values would otherwise end in a 422, a 404, a database error or, worse, a write
// (a truthy "yes" as makeDefault, a field the aggregate silently ignores, an oversize page).

let t: CustomerTestApp;
let api: CustomersApi;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
});
afterAll(() => t.close());

const NOT_A_UUID = "customer-42";
const oversize = (max: number) => "x".repeat(max + 1);
/** A value of the wrong type, as an untyped caller (a script, a parsed event) could pass it. */
const untyped = <T>(value: unknown) => value as T;
const withAddress = (patch: Record<string, unknown>) =>
  untyped<PostalAddressInput>({ ...address(), ...patch });

function dispatch(message: Message<unknown>): Promise<unknown> {
  return message.kind === "command"
    ? t.mediator.send(message as Command<unknown>)
    : t.mediator.ask(message as Query<unknown>);
}

/** Sends `message` and expects 400 validation_failed naming exactly `fields`, with nothing written. */
async function expectRefused(message: Message<unknown>, fields: string[]): Promise<void> {
  const errors = await expectMessageRefused(
    () => dispatch(message),
    () => snapshot(t.db),
    message.messageName,
  );
  expect(new Set(errors.map((e) => e.field)), JSON.stringify(errors)).toEqual(new Set(fields));
}

/** [what, the bad message, the fields it must be refused for, its corrected twin] */
type Case = [string, (c: CustomerJson) => Message<unknown>, string[], (c: CustomerJson) => Message<unknown>];

const commandCases: Case[] = [
  [
    "RegisterCustomer with an email that is not an address",
    () => new RegisterCustomer("ada.example.com", "Ada Lovelace", undefined),
    ["email"],
    () => new RegisterCustomer(uniqueEmail(), "Ada Lovelace", undefined),
  ],
  [
    "RegisterCustomer with an oversize email",
    () => new RegisterCustomer(`${oversize(MAX_EMAIL_LENGTH)}@example.com`, "Ada Lovelace", undefined),
    ["email"],
    () => new RegisterCustomer(uniqueEmail(), "Ada Lovelace", undefined),
  ],
  [
    "RegisterCustomer with a blank name",
    () => new RegisterCustomer(uniqueEmail(), "   ", undefined),
    ["name"],
    () => new RegisterCustomer(uniqueEmail(), "Ada", undefined),
  ],
  [
    "RegisterCustomer with an oversize name",
    () => new RegisterCustomer(uniqueEmail(), oversize(MAX_NAME_LENGTH), undefined),
    ["name"],
    () => new RegisterCustomer(uniqueEmail(), "x".repeat(MAX_NAME_LENGTH), undefined),
  ],
  [
    "RegisterCustomer with an address line over the limit",
    () => new RegisterCustomer(uniqueEmail(), "Ada", withAddress({ line1: oversize(MAX_LINE_LENGTH) })),
    ["address.line1"],
    () => new RegisterCustomer(uniqueEmail(), "Ada", withAddress({ line1: "x".repeat(MAX_LINE_LENGTH) })),
  ],
  [
    "RegisterCustomer with an oversize line2 (null, no second line, is fine)",
    () => new RegisterCustomer(uniqueEmail(), "Ada", withAddress({ line2: oversize(MAX_LINE_LENGTH) })),
    ["address.line2"],
    () => new RegisterCustomer(uniqueEmail(), "Ada", withAddress({ line2: null })),
  ],
  [
    "RegisterCustomer with an address field the domain would silently drop",
    () => new RegisterCustomer(uniqueEmail(), "Ada", withAddress({ default: true })),
    ["address", "address.default"],
    () => new RegisterCustomer(uniqueEmail(), "Ada", withAddress({})),
  ],
  [
    "RegisterCustomer with a bad email, name and postal code at once",
    () => new RegisterCustomer("ada@", "Ada\u0000", withAddress({ postalCode: "10117!", country: "de" })),
    ["email", "name", "address.postalCode", "address.country"],
    () => new RegisterCustomer(uniqueEmail(), "Ada", withAddress({ postalCode: "10117", country: "DE" })),
  ],
  [
    "UpdateCustomerProfile on a customer id that is not a UUID",
    () => new UpdateCustomerProfile(NOT_A_UUID, { name: "Ada King" }),
    ["customerId"],
    (c) => new UpdateCustomerProfile(c.id, { name: "Ada King" }),
  ],
  [
    "UpdateCustomerProfile with an oversize name",
    (c) => new UpdateCustomerProfile(c.id, { name: oversize(MAX_NAME_LENGTH) }),
    ["change.name"],
    (c) => new UpdateCustomerProfile(c.id, { name: "Ada King" }),
  ],
  [
    "UpdateCustomerProfile with marketing consent as a string",
    (c) => new UpdateCustomerProfile(c.id, { preferences: { marketingConsent: untyped<boolean>("yes") } }),
    ["change.preferences.marketingConsent"],
    (c) => new UpdateCustomerProfile(c.id, { preferences: { marketingConsent: true } }),
  ],
  [
    "UpdateCustomerProfile with a currency and a language that are not codes",
    (c) => new UpdateCustomerProfile(c.id, { preferences: { currency: "euro", language: "english!" } }),
    ["change.preferences.currency", "change.preferences.language"],
    (c) => new UpdateCustomerProfile(c.id, { preferences: { currency: "USD", language: "en-GB" } }),
  ],
  [
    "UpdateCustomerProfile changing the email, which it cannot do",
    (c) => new UpdateCustomerProfile(c.id, untyped({ email: uniqueEmail() })),
    ["change", "change.email"],
    (c) => new UpdateCustomerProfile(c.id, { name: "Ada King" }),
  ],
  [
    "AddCustomerAddress with a city over the limit",
    (c) => new AddCustomerAddress(c.id, withAddress({ city: oversize(MAX_CITY_LENGTH) }), false),
    ["address.city"],
    (c) => new AddCustomerAddress(c.id, withAddress({ city: "Potsdam" }), false),
  ],
  [
    "AddCustomerAddress with makeDefault as a string",
    (c) => new AddCustomerAddress(c.id, withAddress({ city: "Potsdam" }), untyped<boolean>("yes")),
    ["makeDefault"],
    (c) => new AddCustomerAddress(c.id, withAddress({ city: "Potsdam" }), true),
  ],
  [
    "AddCustomerAddress without a postal code",
    (c) => new AddCustomerAddress(c.id, withAddress({ postalCode: undefined }), false),
    ["address.postalCode"],
    (c) => new AddCustomerAddress(c.id, withAddress({ postalCode: "14467" }), false),
  ],
  [
    "AddCustomerAddress on a customer id that is not a UUID",
    () => new AddCustomerAddress(NOT_A_UUID, address(), false),
    ["customerId"],
    (c) => new AddCustomerAddress(c.id, withAddress({ city: "Potsdam" }), false),
  ],
  [
    "SetDefaultShippingAddress with an address id that is not a UUID",
    (c) => new SetDefaultShippingAddress(c.id, "home"),
    ["addressId"],
    (c) => new SetDefaultShippingAddress(c.id, c.addresses[1]!.id),
  ],
  [
    "RemoveCustomerAddress with ids that are not UUIDs",
    () => new RemoveCustomerAddress(NOT_A_UUID, "home"),
    ["customerId", "addressId"],
    (c) => new RemoveCustomerAddress(c.id, c.addresses[0]!.id),
  ],
  [
    "DeactivateCustomer on an empty customer id",
    () => new DeactivateCustomer(""),
    ["customerId"],
    (c) => new DeactivateCustomer(c.id),
  ],
];

const queryCases: Case[] = [
  [
    "GetCustomer with a customer id that is not a UUID",
    () => new GetCustomer(NOT_A_UUID),
    ["customerId"],
    (c) => new GetCustomer(c.id),
  ],
  [
    "FindCustomerByEmail with an email that is not an address",
    () => new FindCustomerByEmail("ada"),
    ["email"],
    (c) => new FindCustomerByEmail(c.email.toUpperCase()),
  ],
  [
    "ListCustomers with a page larger than the maximum",
    () => new ListCustomers(undefined, MAX_PAGE_SIZE + 1),
    ["limit"],
    () => new ListCustomers(undefined, MAX_PAGE_SIZE),
  ],
  [
    "ListCustomers with an empty page",
    () => new ListCustomers(undefined, 0),
    ["limit"],
    () => new ListCustomers(undefined, 1),
  ],
  [
    "ListCustomers with a fractional page size",
    () => new ListCustomers(undefined, 2.5),
    ["limit"],
    () => new ListCustomers(undefined, 2),
  ],
  [
    "ListCustomers with an oversize cursor",
    () => new ListCustomers(oversize(MAX_CURSOR_LENGTH), 10),
    ["cursor"],
    () => new ListCustomers(undefined, 10),
  ],
];

/** A customer with a default shipping address and a second one, so every valid twin changes something. */
async function customerWithTwoAddresses(): Promise<CustomerJson> {
  const customer = await api.registered({ address: address() });
  const res = await api.addAddress(customer.id, address({ city: "Hamburg", postalCode: "20095" }));
  expect(res.statusCode, res.body).toBe(200);
  return res.json<CustomerJson>();
}

describe("commands sent past HTTP are validated against their schemas", () => {
  it.each(commandCases)("%s", async (_what, bad, fields, good) => {
    const customer = await customerWithTwoAddresses();
    await expectRefused(bad(customer), fields);

    const before = await snapshot(t.db);
    await dispatch(good(customer));
    expect(await snapshot(t.db), "the valid twin changed nothing").not.toEqual(before);
  });
});

describe("queries sent past HTTP are validated against their schemas", () => {
  it.each(queryCases)("%s", async (_what, bad, fields, good) => {
    const customer = await api.registered({ address: address() });
    await expectRefused(bad(customer), fields);
    expect(await dispatch(good(customer))).toBeDefined();
  });
});
