import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  type CustomerJson,
  type CustomersApi,
  customersApi,
  expectNoWrite,
  expectProblem,
  expectValidationError,
  newUuid,
  type Response,
  uniqueEmail,
} from "../support/customers-api.ts";

// Bad input on every write route is a 4xx problem+json that says what is wrong, never a 500, and
// never a partial write: every table (customers, addresses, read model, idempotency keys, outbox and
// inbox) is compared before and after each request. Hostile text that is allowed (script, SQL,
// unicode) and text refused for its characters are in text-payloads.test.ts.

let t: CustomerTestApp;
let api: CustomersApi;
let customer: CustomerJson;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
  customer = await api.registered({ address: address() });
});
afterAll(() => t.close());

type Body = Record<string, unknown>;
const without = (body: object, key: string): Body =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
const registration = (patch: Body = {}): Body => ({ email: uniqueEmail(), name: "Ada Lovelace", ...patch });
const withAddress = (patch: Body) => registration({ address: { ...address(), ...patch } });

/** [what, request body, status, field error (400) or problem code (other statuses)] */
type Case = [string, () => unknown, number, string];

const registerCases: Case[] = [
  ["email missing", () => without(registration(), "email"), 400, "body.email"],
  ["name missing", () => without(registration(), "name"), 400, "body.name"],
  ["an empty object", () => ({}), 400, "body.email"],
  ["email a number", () => registration({ email: 42 }), 400, "body.email"],
  ["email null", () => registration({ email: null }), 400, "body.email"],
  ["email without @", () => registration({ email: "ada.example.com" }), 400, "body.email"],
  ["email with a space", () => registration({ email: "ada lovelace@example.com" }), 400, "body.email"],
  ["email with two @", () => registration({ email: "ada@@example.com" }), 400, "body.email"],
  ["email oversize", () => registration({ email: `${"a".repeat(300)}@example.com` }), 400, "body.email"],
  ["email empty", () => registration({ email: "" }), 400, "body.email"],
  [
    "email with a script",
    () => registration({ email: "<script>alert(1)</script>@example.com" }),
    400,
    "body.email",
  ],
  ["email as SQL", () => registration({ email: "' OR 1=1;--" }), 400, "body.email"],
  [
    "a numeric top-level domain",
    () => registration({ email: "ada@example.123" }),
    422,
    "customer.invalid_email",
  ],
  ["name a number", () => registration({ name: 42 }), 400, "body.name"],
  ["name an object", () => registration({ name: { first: "Ada" } }), 400, "body.name"],
  ["name empty", () => registration({ name: "" }), 400, "body.name"],
  ["name blank", () => registration({ name: "   " }), 400, "body.name"],
  ["name with a NUL character", () => registration({ name: "Ada\u0000" }), 400, "body.name"],
  ["name with a newline", () => registration({ name: "Ada\nLovelace" }), 400, "body.name"],
  ["name oversize", () => registration({ name: "x".repeat(201) }), 400, "body.name"],
  ["name huge", () => registration({ name: "x".repeat(100_000) }), 400, "body.name"],
  ["address a string", () => registration({ address: "Unter den Linden 1, Berlin" }), 400, "body.address"],
  ["address an array", () => registration({ address: [address()] }), 400, "body.address"],
  ["address null", () => registration({ address: null }), 400, "body.address"],
  ["line1 missing", () => registration({ address: without(address(), "line1") }), 400, "body.address.line1"],
  ["city missing", () => registration({ address: without(address(), "city") }), 400, "body.address.city"],
  [
    "postalCode missing",
    () => registration({ address: without(address(), "postalCode") }),
    400,
    "body.address.postalCode",
  ],
  [
    "country missing",
    () => registration({ address: without(address(), "country") }),
    400,
    "body.address.country",
  ],
  ["line1 oversize", () => withAddress({ line1: "x".repeat(201) }), 400, "body.address.line1"],
  ["line2 oversize", () => withAddress({ line2: "x".repeat(201) }), 400, "body.address.line2"],
  ["line2 a number", () => withAddress({ line2: 2 }), 400, "body.address.line2"],
  ["city oversize", () => withAddress({ city: "x".repeat(101) }), 400, "body.address.city"],
  ["postalCode oversize", () => withAddress({ postalCode: "1".repeat(21) }), 400, "body.address.postalCode"],
  ["postalCode a number", () => withAddress({ postalCode: 10117 }), 400, "body.address.postalCode"],
  ["postalCode with SQL", () => withAddress({ postalCode: "1'; --" }), 400, "body.address.postalCode"],
  ["country lower case", () => withAddress({ country: "de" }), 400, "body.address.country"],
  ["country alpha-3", () => withAddress({ country: "DEU" }), 400, "body.address.country"],
  ["country a name", () => withAddress({ country: "Germany" }), 400, "body.address.country"],
  ["country numeric", () => withAddress({ country: 276 }), 400, "body.address.country"],
  ["country unassigned", () => withAddress({ country: "XX" }), 422, "customer.invalid_country"],
  ["country reserved", () => withAddress({ country: "EU" }), 422, "customer.invalid_country"],
  ["an unknown top-level field", () => registration({ role: "admin" }), 400, "body.role"],
  [
    "preferences at registration",
    () => registration({ preferences: { currency: "EUR" } }),
    400,
    "body.preferences",
  ],
  ["an unknown address field", () => withAddress({ region: "Berlin" }), 400, "body.address.region"],
  ["an id chosen by the client", () => registration({ id: newUuid() }), 400, "body.id"],
  ["a body that is an array", () => [registration()], 400, "body"],
];

const patchCases: Case[] = [
  ["an empty object", () => ({}), 400, "body"],
  ["name a number", () => ({ name: 42 }), 400, "body.name"],
  ["name null", () => ({ name: null }), 400, "body.name"],
  ["name empty", () => ({ name: "" }), 400, "body.name"],
  ["name oversize", () => ({ name: "x".repeat(201) }), 400, "body.name"],
  ["name with a control character", () => ({ name: "Ada\u001b[31m" }), 400, "body.name"],
  ["preferences empty", () => ({ preferences: {} }), 400, "body.preferences"],
  ["preferences a string", () => ({ preferences: "en" }), 400, "body.preferences"],
  [
    "marketingConsent a string",
    () => ({ preferences: { marketingConsent: "yes" } }),
    400,
    "body.preferences.marketingConsent",
  ],
  [
    "marketingConsent a number",
    () => ({ preferences: { marketingConsent: 1 } }),
    400,
    "body.preferences.marketingConsent",
  ],
  ["currency lower case", () => ({ preferences: { currency: "eur" } }), 400, "body.preferences.currency"],
  ["currency a symbol", () => ({ preferences: { currency: "€" } }), 400, "body.preferences.currency"],
  ["currency oversize", () => ({ preferences: { currency: "EURO" } }), 400, "body.preferences.currency"],
  ["currency unknown", () => ({ preferences: { currency: "XYZ" } }), 422, "customer.invalid_currency"],
  [
    "language with an underscore",
    () => ({ preferences: { language: "en_US" } }),
    400,
    "body.preferences.language",
  ],
  ["language empty", () => ({ preferences: { language: "" } }), 400, "body.preferences.language"],
  [
    "language oversize",
    () => ({ preferences: { language: `en-${"a".repeat(40)}` } }),
    400,
    "body.preferences.language",
  ],
  ["language a number", () => ({ preferences: { language: 7 } }), 400, "body.preferences.language"],
  ["language not BCP 47", () => ({ preferences: { language: "en-US-u" } }), 422, "customer.invalid_language"],
  ["an unknown preference", () => ({ preferences: { theme: "dark" } }), 400, "body.preferences.theme"],
  ["email (it cannot be changed here)", () => ({ email: uniqueEmail() }), 400, "body.email"],
  ["status (deactivate has its own route)", () => ({ status: "Deactivated" }), 400, "body.status"],
  ["a body that is an array", () => [{ name: "x" }], 400, "body"],
];

const addressCases: Case[] = [
  ["an empty object", () => ({}), 400, "body.line1"],
  ["line1 missing", () => without(address(), "line1"), 400, "body.line1"],
  ["city missing", () => without(address(), "city"), 400, "body.city"],
  ["postalCode missing", () => without(address(), "postalCode"), 400, "body.postalCode"],
  ["country missing", () => without(address(), "country"), 400, "body.country"],
  ["line1 a number", () => ({ ...address(), line1: 1 }), 400, "body.line1"],
  ["line1 blank", () => ({ ...address(), line1: " " }), 400, "body.line1"],
  ["line1 oversize", () => ({ ...address(), line1: "x".repeat(201) }), 400, "body.line1"],
  ["city oversize", () => ({ ...address(), city: "x".repeat(101) }), 400, "body.city"],
  ["postalCode oversize", () => ({ ...address(), postalCode: "1".repeat(21) }), 400, "body.postalCode"],
  ["country lower case", () => ({ ...address(), country: "fr" }), 400, "body.country"],
  ["country unassigned", () => ({ ...address(), country: "ZZ" }), 422, "customer.invalid_country"],
  ["default a string", () => ({ ...address(), default: "yes" }), 400, "body.default"],
  ["default null", () => ({ ...address(), default: null }), 400, "body.default"],
  ["an unknown field", () => ({ ...address(), recipient: "Someone" }), 400, "body.recipient"],
  ["the address nested", () => ({ address: address() }), 400, "body.line1"],
  ["a body that is an array", () => [address()], 400, "body"],
];

function check(res: Response, status: number, fieldOrCode: string) {
  if (status === 400) expectValidationError(res, fieldOrCode);
  else expectProblem(res, status, fieldOrCode);
}

describe("POST /customers", () => {
  it.each(registerCases)("%s → %i, nothing written", async (_what, body, status, expected) => {
    check(await expectNoWrite(t.db, () => api.register(body())), status, expected);
  });
});

describe("PATCH /customers/{id}", () => {
  it.each(patchCases)("%s → %i, nothing written", async (_what, body, status, expected) => {
    check(await expectNoWrite(t.db, () => api.patch(customer.id, body())), status, expected);
  });
});

describe("POST /customers/{id}/addresses", () => {
  it.each(addressCases)("%s → %i, nothing written", async (_what, body, status, expected) => {
    check(await expectNoWrite(t.db, () => api.addAddress(customer.id, body())), status, expected);
  });
});

describe("unknown and malformed ids on every write route", () => {
  const routes: [string, (id: string, addressId: string) => Promise<Response>][] = [
    ["PATCH /customers/{id}", (id) => api.patch(id, { name: "X" })],
    ["POST /customers/{id}/addresses", (id) => api.addAddress(id, address())],
    ["POST /customers/{id}/addresses/{addressId}/default", (id, a) => api.setDefault(id, a)],
    ["DELETE /customers/{id}/addresses/{addressId}", (id, a) => api.removeAddress(id, a)],
    ["POST /customers/{id}/deactivate", (id) => api.deactivate(id)],
  ];

  it.each(routes)(
    "%s: an unknown customer → 404 customer.not_found, nothing written",
    async (_route, send) => {
      expectProblem(await expectNoWrite(t.db, () => send(newUuid(), newUuid())), 404, "customer.not_found");
    },
  );

  it.each(routes.slice(2, 4))(
    "%s: an unknown address → 404 customer.address_not_found",
    async (_route, send) => {
      expectProblem(
        await expectNoWrite(t.db, () => send(customer.id, newUuid())),
        404,
        "customer.address_not_found",
      );
    },
  );

  it.each(routes)("%s: a malformed customer id → 400 naming params.id", async (_route, send) => {
    for (const bad of ["not-a-uuid", "1", encodeURIComponent("1' OR '1'='1")]) {
      expectValidationError(await expectNoWrite(t.db, () => send(bad, newUuid())), "params.id");
    }
  });

  it.each(routes.slice(2, 4))(
    "%s: a malformed address id → 400 naming params.addressId",
    async (_route, send) => {
      expectValidationError(
        await expectNoWrite(t.db, () => send(customer.id, "address-1")),
        "params.addressId",
      );
    },
  );
});

describe("bodies that are not JSON objects", () => {
  const posts = ["/customers", () => `/customers/${customer.id}/addresses`] as const;

  it.each(posts)("bad JSON on %s → 400, nothing written", async (url) => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({
        method: "POST",
        url: typeof url === "string" ? url : url(),
        headers: { "content-type": "application/json" },
        payload: '{"email": "a@example.com", "name": ',
      }),
    );
    expectProblem(res, 400, "ctp_invalid_json_body");
  });

  it("no body on PATCH → 400, nothing written", async () => {
    expectValidationError(
      await expectNoWrite(t.db, () => t.app.inject({ method: "PATCH", url: `/customers/${customer.id}` })),
      "body",
    );
  });

  it("a JSON string instead of an object → 400, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({
        method: "POST",
        url: "/customers",
        headers: { "content-type": "application/json" },
        payload: '"ada@example.com"',
      }),
    );
    expectValidationError(res, "body");
  });

  it("a body that is not JSON → 4xx problem, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({
        method: "POST",
        url: "/customers",
        headers: { "content-type": "text/plain" },
        payload: "ada",
      }),
    );
    expect([400, 415]).toContain(res.statusCode);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("no content type → 415, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({ method: "POST", url: "/customers", payload: "ada" }),
    );
    expectProblem(res, 415, "ctp_invalid_media_type");
  });

  it("a body over the size limit → 413, nothing written", async () => {
    const res = await expectNoWrite(t.db, () => api.register(registration({ name: "x".repeat(300 * 1024) })));
    expectProblem(res, 413, "ctp_body_too_large");
  });

  it.each([
    ["oversize", "k".repeat(256)],
    ["with a space", "my key"],
  ])("an Idempotency-Key %s → 400, nothing written", async (_what, key) => {
    const res = await expectNoWrite(t.db, () => api.register(registration(), { "idempotency-key": key }));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });
});

it("an unknown route → 404 problem", async () => {
  expectProblem(
    await t.app.inject({ method: "POST", url: `/customers/${customer.id}/delete` }),
    404,
    "route_not_found",
  );
});
