import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  type CustomersApi,
  countCustomers,
  customerOf,
  customersApi,
  expectConsistent,
  expectNoWrite,
  expectProblem,
  uniqueEmail,
} from "../support/customers-api.ts";

let t: CustomerTestApp;
let api: CustomersApi;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
});
afterAll(() => t.close());

describe("POST /customers", () => {
  it("registers a customer: 201, Location, ETag and the customer as stored", async () => {
    const email = uniqueEmail("Ada.Lovelace");
    const res = await api.register({ email, name: "Ada Lovelace" });
    const customer = customerOf(res, 201);
    expect(res.headers.location).toBe(`/customers/${customer.id}`);
    expect(customer).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      email,
      name: "Ada Lovelace",
      status: "Active",
      addresses: [],
      preferences: { marketingConsent: false, currency: "EUR", language: "en" },
      registeredAt: expect.any(String),
      version: 1,
    });
    expect(Math.abs(Date.parse(customer.registeredAt) - Date.now())).toBeLessThan(60_000);
    await expectConsistent(t, customer.id);
  });

  it("with an address: it is saved as the default shipping address", async () => {
    const customer = customerOf(
      await api.register({
        email: uniqueEmail(),
        name: "Grace Hopper",
        address: address({ line2: "2nd floor" }),
      }),
      201,
    );
    expect(customer.addresses).toEqual([
      {
        id: expect.any(String),
        line1: "Unter den Linden 1",
        line2: "2nd floor",
        city: "Berlin",
        postalCode: "10117",
        country: "DE",
        default: true,
      },
    ]);
    await expectConsistent(t, customer.id);
  });

  it("trims the name and the address fields", async () => {
    const customer = customerOf(
      await api.register({
        email: uniqueEmail(),
        name: "  Alan Turing ",
        address: { line1: " 1 Main St ", city: " Wilmslow ", postalCode: "SK9 1AA", country: "GB" },
      }),
      201,
    );
    expect(customer.name).toBe("Alan Turing");
    expect(customer.addresses[0]).toMatchObject({ line1: "1 Main St", city: "Wilmslow" });
  });

  it("the new customer is readable at its Location at once", async () => {
    const res = await api.register({ email: uniqueEmail(), name: "Edsger Dijkstra" });
    const got = customerOf(await t.app.inject({ method: "GET", url: res.headers.location as string }));
    expect(got).toEqual(res.json());
  });

  it("keeps the email as typed and finds it in any case", async () => {
    const email = uniqueEmail("Mixed.Case");
    const customer = customerOf(await api.register({ email, name: "M C" }), 201);
    expect(customer.email).toBe(email);
    const [row] = await t.db.$queryRawUnsafe<{ email_normalized: string }[]>(
      "SELECT email_normalized FROM customers WHERE id = $1::uuid",
      customer.id,
    );
    expect(row?.email_normalized).toBe(email.toLowerCase());
  });

  describe("an email that is already registered, in any case → 409 customer.email_taken, nothing written", () => {
    const variants: [string, (e: string) => string][] = [
      ["the same", (e) => e],
      ["upper case", (e) => e.toUpperCase()],
      ["lower case", (e) => e.toLowerCase()],
      ["mixed case", (e) => e.replace(/^./, (c) => c.toUpperCase())],
    ];
    it.each(variants)("%s", async (_what, variant) => {
      const email = uniqueEmail("taken");
      customerOf(await api.register({ email, name: "First" }), 201);
      const before = await countCustomers(t.db);
      const res = await expectNoWrite(t.db, () => api.register({ email: variant(email), name: "Second" }));
      const problem = expectProblem(res, 409, "customer.email_taken");
      expect(problem.detail).not.toContain(email); // the answer does not echo personal data
      expect(await countCustomers(t.db)).toBe(before);
    });
  });

  it("a deactivated customer's email stays taken", async () => {
    const email = uniqueEmail();
    const customer = customerOf(await api.register({ email, name: "Leaving" }), 201);
    customerOf(await api.deactivate(customer.id));
    expectProblem(await api.register({ email, name: "Back" }), 409, "customer.email_taken");
  });

  it.each([
    ["an unassigned country code", { address: address({ country: "XX" }) }, "customer.invalid_country"],
    ["a numeric top-level domain", { email: "ada@example.123" }, "customer.invalid_email"],
  ])("refuses %s with 422 and writes nothing", async (_what, patch, code) => {
    const body = { email: uniqueEmail(), name: "Ada", ...patch };
    expectProblem(await expectNoWrite(t.db, () => api.register(body)), 422, code);
  });
});
