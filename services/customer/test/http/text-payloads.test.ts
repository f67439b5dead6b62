import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  type CustomerJson,
  type CustomersApi,
  customerOf,
  customersApi,
  expectNoWrite,
  expectValidationError,
  newUuid,
  type Response,
  rowCounts,
  uniqueEmail,
} from "../support/customers-api.ts";

// The companion of bad-input.test.ts for text: script, SQL and unusual unicode in any text a write
// route takes are data. Where the field's schema allows them (name, address lines, city) the write
// succeeds, the value is stored and answered byte for byte as a JSON string (never markup), and
// every table is still there. Where the schema forbids them (email, postal code, country, currency,
// language) they are refused with 400 and nothing is written.

let t: CustomerTestApp;
let api: CustomersApi;
let customer: CustomerJson;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
  customer = await api.registered();
});
afterAll(() => t.close());

const payloads = [
  "<script>alert(1)</script>",
  "Robert'); DROP TABLE customers;--",
  "'; DROP TABLE customer_addresses; --",
  "1; DELETE FROM customer_view WHERE 1=1",
  '" OR 1=1 --',
  '" onmouseover="alert(1)',
  "' OR '1'='1",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  "{{7*7}} ${7*7}",
  "Zoë 山田 🎉",
  "a\u202Eb\u200Bc",
];

describe("script and SQL payloads are data: stored verbatim, returned as JSON strings unchanged", () => {
  it.each(payloads)("POST /customers and PATCH /customers/{id}: %s", async (payload) => {
    const tablesBefore = Object.keys(await rowCounts(t.db));
    const countsBefore = await rowCounts(t.db);
    const res = await api.register({
      email: uniqueEmail(),
      name: payload,
      address: address({ line1: payload, line2: payload, city: payload }),
    });
    const created = customerOf(res, 201);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(created.name).toBe(payload);
    expect(created.addresses[0]).toMatchObject({ line1: payload, line2: payload, city: payload });
    // The body is JSON: the payload appears as a JSON string literal, never as markup.
    expect(res.body).toContain(`"name":${JSON.stringify(payload)}`);

    const renamed = customerOf(await api.patch(created.id, { name: `${payload} 2` }));
    expect(renamed.name).toBe(`${payload} 2`);
    const got = customerOf(await api.get(created.id));
    expect(got.name).toBe(`${payload} 2`);
    expect(got.addresses[0]!.line1).toBe(payload);

    const [row] = await t.db.$queryRawUnsafe<{ name: string; line1: string }[]>(
      `SELECT c.name, a.line1 FROM customers c JOIN customer_addresses a ON a.customer_id = c.id WHERE c.id = $1::uuid`,
      created.id,
    );
    expect(row).toEqual({ name: `${payload} 2`, line1: payload });

    // every table is still there, and holds exactly the new customer's rows more
    const countsAfter = await rowCounts(t.db);
    expect(Object.keys(countsAfter)).toEqual(tablesBefore);
    expect(countsAfter.customers).toBe((countsBefore.customers ?? 0) + 1);
    expect(countsAfter.customer_view).toBe((countsBefore.customer_view ?? 0) + 1);
    expect(countsAfter.customer_addresses).toBe((countsBefore.customer_addresses ?? 0) + 1);
  });

  it.each(payloads)("POST /customers/{id}/addresses: %s", async (payload) => {
    const owner = await api.registered();
    const tablesBefore = Object.keys(await rowCounts(t.db));
    const countsBefore = await rowCounts(t.db);
    const res = await api.addAddress(owner.id, address({ line1: payload, line2: payload, city: payload }));
    const saved = customerOf(res);
    const addressId = res.headers["x-address-id"] as string;
    const expected = { id: addressId, line1: payload, line2: payload, city: payload };
    expect(saved.addresses).toEqual([expect.objectContaining(expected)]);
    expect(res.body).toContain(`"line1":${JSON.stringify(payload)}`);
    expect(customerOf(await api.get(owner.id)).addresses).toEqual([expect.objectContaining(expected)]);

    const rows = await t.db.$queryRawUnsafe<{ line1: string; line2: string; city: string }[]>(
      "SELECT line1, line2, city FROM customer_addresses WHERE id = $1::uuid",
      addressId,
    );
    expect(rows).toEqual([{ line1: payload, line2: payload, city: payload }]);

    const countsAfter = await rowCounts(t.db);
    expect(Object.keys(countsAfter)).toEqual(tablesBefore);
    expect(countsAfter.customers).toBe(countsBefore.customers);
    expect(countsAfter.customer_addresses).toBe((countsBefore.customer_addresses ?? 0) + 1);
  });

  it("an email with a quote is found by lookup like any other", async () => {
    const email = `o'brien.${newUuid().slice(0, 8)}@example.ie`;
    const created = customerOf(await api.register({ email, name: "Miles O'Brien" }), 201);
    const found = await api.find(email.toUpperCase());
    expect(found.json().items.map((c: CustomerJson) => c.id)).toEqual([created.id]);
  });
});

type Send = (text: string) => Promise<Response>;
const register = (patch: Record<string, unknown>) =>
  api.register({ email: uniqueEmail(), name: "Ada Lovelace", ...patch });

describe("fields whose schema forbids such text: 400 naming the field, nothing written", () => {
  const fields: [string, Send, string][] = [
    ["POST /customers email", (text) => register({ email: text }), "body.email"],
    [
      "POST /customers address postalCode",
      (text) => register({ address: address({ postalCode: text }) }),
      "body.address.postalCode",
    ],
    [
      "POST /customers address country",
      (text) => register({ address: address({ country: text }) }),
      "body.address.country",
    ],
    [
      "POST /customers/{id}/addresses postalCode",
      (text) => api.addAddress(customer.id, address({ postalCode: text })),
      "body.postalCode",
    ],
    [
      "POST /customers/{id}/addresses country",
      (text) => api.addAddress(customer.id, address({ country: text })),
      "body.country",
    ],
    [
      "PATCH /customers/{id} preferences.currency",
      (text) => api.patch(customer.id, { preferences: { currency: text } }),
      "body.preferences.currency",
    ],
    [
      "PATCH /customers/{id} preferences.language",
      (text) => api.patch(customer.id, { preferences: { language: text } }),
      "body.preferences.language",
    ],
  ];
  const cases = fields.flatMap(([field, send, named]) =>
    payloads.map((text) => [field, text, send, named] as const),
  );

  it.each(cases)("%s: %s", async (_field, text, send, named) => {
    expectValidationError(await expectNoWrite(t.db, () => send(text)), named);
  });
});

describe("ill-formed unicode (a lone surrogate half) in free text: 400 naming the field, nothing written", () => {
  // JSON escapes it, but UTF-8 (and so PostgreSQL) cannot hold it: it cannot be stored as sent.
  const fields: [string, Send, string][] = [
    ["POST /customers name", (text) => register({ name: text }), "body.name"],
    [
      "POST /customers address line1",
      (text) => register({ address: address({ line1: text }) }),
      "body.address.line1",
    ],
    ["PATCH /customers/{id} name", (text) => api.patch(customer.id, { name: text }), "body.name"],
    [
      "POST /customers/{id}/addresses line1",
      (text) => api.addAddress(customer.id, address({ line1: text })),
      "body.line1",
    ],
    [
      "POST /customers/{id}/addresses line2",
      (text) => api.addAddress(customer.id, address({ line2: text })),
      "body.line2",
    ],
    [
      "POST /customers/{id}/addresses city",
      (text) => api.addAddress(customer.id, address({ city: text })),
      "body.city",
    ],
  ];
  const cases = fields.flatMap(([field, send, named]) =>
    [
      ["a high half", "a\uD800b"],
      ["a low half", "a\uDC00"],
    ].map(([what, text]) => [field, what, send, named, text as string] as const),
  );

  it.each(cases)("%s: %s", async (_field, _what, send, named, text) => {
    expectValidationError(await expectNoWrite(t.db, () => send(text)), named);
  });
});
