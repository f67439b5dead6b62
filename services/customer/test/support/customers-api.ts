import { randomUUID } from "node:crypto";
import { type KnownEvent, parseEvent } from "@ecommerce/contracts";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { CustomerStatus } from "../../src/domain/customer-status.ts";
import type { Db } from "../../src/infrastructure/database.ts";
import type { CustomerTestApp } from "./customer-test-app.ts";

export type Response = LightMyRequestResponse;
type Headers = Record<string, string>;

export interface AddressJson {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface CustomerJson {
  id: string;
  email: string;
  name: string;
  status: CustomerStatus;
  addresses: (AddressJson & { id: string; default: boolean })[];
  preferences: { marketingConsent: boolean; currency: string; language: string };
  registeredAt: string;
  deactivatedAt?: string;
  version: number;
}

export interface PageJson {
  items: CustomerJson[];
  nextCursor: string | null;
}

export const newUuid = (): string => randomUUID();

/** An email no other test uses. */
export const uniqueEmail = (local = "user"): string => `${local}.${randomUUID().slice(0, 13)}@example.com`;

export function address(overrides: Partial<AddressJson> = {}): AddressJson {
  return { line1: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE", ...overrides };
}

/** Thin calls of the HTTP API, through Fastify's inject (the whole stack, no socket). */
export function customersApi(t: CustomerTestApp) {
  const app = t.app;
  return {
    register: (payload: unknown, headers: Headers = {}) =>
      app.inject({ method: "POST", url: "/customers", payload: payload as object, headers }),
    get: (id: string, headers: Headers = {}) =>
      app.inject({ method: "GET", url: `/customers/${id}`, headers }),
    find: (email: string) => app.inject({ method: "GET", url: "/customers", query: { email } }),
    list: (query: Record<string, string | number> = {}) =>
      app.inject({
        method: "GET",
        url: "/customers",
        query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      }),
    patch: (id: string, payload: unknown, headers: Headers = {}) =>
      app.inject({ method: "PATCH", url: `/customers/${id}`, payload: payload as object, headers }),
    addAddress: (id: string, payload: unknown, headers: Headers = {}) =>
      app.inject({ method: "POST", url: `/customers/${id}/addresses`, payload: payload as object, headers }),
    setDefault: (id: string, addressId: string, headers: Headers = {}) =>
      app.inject({ method: "POST", url: `/customers/${id}/addresses/${addressId}/default`, headers }),
    removeAddress: (id: string, addressId: string, headers: Headers = {}) =>
      app.inject({ method: "DELETE", url: `/customers/${id}/addresses/${addressId}`, headers }),
    deactivate: (id: string, headers: Headers = {}) =>
      app.inject({ method: "POST", url: `/customers/${id}/deactivate`, headers }),

    /** Registers a customer and returns its JSON; fails the test unless it is a 201. */
    async registered(body: Record<string, unknown> = {}): Promise<CustomerJson> {
      const res = await app.inject({
        method: "POST",
        url: "/customers",
        payload: { email: uniqueEmail(), name: "Ada Lovelace", ...body },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<CustomerJson>();
    },
  };
}

export type CustomersApi = ReturnType<typeof customersApi>;

/** A 2xx carrying a customer; fails the test with the body otherwise. */
export function customerOf(res: Response, status = 200): CustomerJson {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const customer = res.json<CustomerJson>();
  expect(res.headers.etag).toBe(`"${customer.version}"`);
  return customer;
}

/**
 * Every row of every table of the service's database (its own, the idempotency keys, the outbox and
 * inbox), found from the catalog so that a table added later is covered too. The audit trail is left
 * out: a refused command leaves its row there on purpose, a trace rather than an effect (the audit
 * tests check it).
 */
export async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'audit_trail'
      ORDER BY table_name`,
  );
  const result: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ rows: unknown[] }[]>(
      `SELECT coalesce(json_agg(t ORDER BY t::text), '[]') AS rows FROM "${name}" t`,
    );
    result[name] = row?.rows ?? [];
  }
  return result;
}

/** Row counts of every table, for messages that say what a refused request wrote. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const all = await snapshot(db);
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.length]));
}

/** Runs `request` and checks that it changed nothing in any table; returns its response. */
export async function expectNoWrite(db: Db, request: () => Promise<Response>): Promise<Response> {
  const before = await snapshot(db);
  const res = await request();
  const after = await snapshot(db);
  expect(
    after,
    `the refused request (${res.statusCode}) wrote to the database: ${JSON.stringify(await rowCounts(db))}`,
  ).toEqual(before);
  return res;
}

/** The outbox's events in publishing order, each parsed (and so validated) against the contracts. */
export async function outboxEvents(db: Db, subject?: string): Promise<KnownEvent[]> {
  const rows = await db.$queryRawUnsafe<{ envelope: unknown }[]>(
    subject === undefined
      ? "SELECT envelope FROM messaging_outbox ORDER BY position"
      : "SELECT envelope FROM messaging_outbox WHERE subject = $1 ORDER BY position",
    ...(subject === undefined ? [] : [subject]),
  );
  return rows.map((r) => parseEvent(r.envelope));
}

export async function countCustomers(db: Db): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM customers");
  return row?.n ?? -1;
}

/**
 * The read model agrees with the write side: the customer_view row is exactly what GET answers and
 * every field of the document matches the customers and customer_addresses rows. Returns the customer.
 */
export async function expectConsistent(t: CustomerTestApp, id: string): Promise<CustomerJson> {
  const customer = customerOf(await t.app.inject({ method: "GET", url: `/customers/${id}` }));

  const views = await t.db.$queryRawUnsafe<
    { email_normalized: string; status: string; version: number; document: CustomerJson }[]
  >("SELECT email_normalized, status, version, document FROM customer_view WHERE id = $1::uuid", id);
  expect(views).toHaveLength(1);
  const view = views[0]!;
  expect(view.document).toEqual(customer);
  expect({ email: view.email_normalized, status: view.status, version: view.version }).toEqual({
    email: customer.email.toLowerCase(),
    status: customer.status,
    version: customer.version,
  });

  const rows = await t.db.$queryRawUnsafe<
    {
      email: string;
      email_normalized: string;
      name: string;
      status: string;
      marketing_consent: boolean;
      currency: string;
      language: string;
      registered_at: Date;
      deactivated_at: Date | null;
      version: number;
    }[]
  >("SELECT * FROM customers WHERE id = $1::uuid", id);
  expect(rows).toHaveLength(1);
  const row = rows[0]!;
  expect({
    email: row.email,
    emailNormalized: row.email_normalized,
    name: row.name,
    status: row.status,
    preferences: { marketingConsent: row.marketing_consent, currency: row.currency, language: row.language },
    registeredAt: new Date(row.registered_at).toISOString(),
    deactivatedAt: row.deactivated_at ? new Date(row.deactivated_at).toISOString() : undefined,
    version: row.version,
  }).toEqual({
    email: customer.email,
    emailNormalized: customer.email.toLowerCase(),
    name: customer.name,
    status: customer.status,
    preferences: customer.preferences,
    registeredAt: customer.registeredAt,
    deactivatedAt: customer.deactivatedAt,
    version: customer.version,
  });

  const addresses = await t.db.$queryRawUnsafe<
    {
      id: string;
      line1: string;
      line2: string | null;
      city: string;
      postal_code: string;
      country: string;
      is_default_shipping: boolean;
    }[]
  >(
    `SELECT id::text, line1, line2, city, postal_code, country, is_default_shipping
       FROM customer_addresses WHERE customer_id = $1::uuid ORDER BY position`,
    id,
  );
  expect(
    addresses.map((a) => ({
      id: a.id,
      line1: a.line1,
      ...(a.line2 !== null ? { line2: a.line2 } : {}),
      city: a.city,
      postalCode: a.postal_code,
      country: a.country,
      default: a.is_default_shipping,
    })),
  ).toEqual(customer.addresses);
  expect(customer.addresses.filter((a) => a.default).length).toBeLessThanOrEqual(1);
  return customer;
}

export { expectProblem, expectValidationError, type ProblemJson } from "@ecommerce/test-support";
