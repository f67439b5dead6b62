import type { EventEnvelope } from "@ecommerce/contracts";
import { appendToOutbox, OutboxRelay } from "@ecommerce/messaging";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  type CustomersApi,
  customerOf,
  customersApi,
  expectNoWrite,
  expectProblem,
  newUuid,
  outboxEvents,
  snapshot,
  uniqueEmail,
} from "../support/customers-api.ts";

let t: CustomerTestApp;
let api: CustomersApi;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
});
afterAll(() => t.close());

const paris = address({ line1: "1 Rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" });
const typesOf = (events: { type: string }[]) => events.map((e) => e.type.split(".")[2]);

describe("integration events in the outbox, written with the change", () => {
  it("register → CustomerRegistered with the request's correlation id, without the email", async () => {
    const email = uniqueEmail("Private.Person");
    const res = await api.register(
      { email, name: "Ada Lovelace", address: address({ line2: "Hof 2" }) },
      { "x-correlation-id": "checkout-42" },
    );
    const customer = customerOf(res, 201);
    const events = await outboxEvents(t.db, customer.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "ecommerce.customer.customer-registered.v1",
      source: "/customer",
      subject: customer.id,
      correlationid: "checkout-42",
      causationid: res.headers["x-request-id"],
      data: {
        customerId: customer.id,
        name: "Ada Lovelace",
        defaultShippingAddress: {
          recipient: "Ada Lovelace",
          line1: "Unter den Linden 1",
          line2: "Hof 2",
          city: "Berlin",
          postalCode: "10117",
          country: "DE",
        },
      },
    });
    const [row] = await t.db.$queryRawUnsafe<{ text: string }[]>(
      "SELECT envelope::text AS text FROM messaging_outbox WHERE subject = $1",
      customer.id,
    );
    expect(row?.text.toLowerCase()).not.toContain(email.toLowerCase());
  });

  it("rename → CustomerProfileUpdated, then the default address with its new recipient", async () => {
    const customer = await api.registered({ address: address() });
    customerOf(await api.patch(customer.id, { name: "Ada King" }));
    const events = await outboxEvents(t.db, customer.id);
    expect(typesOf(events)).toEqual([
      "customer-registered",
      "customer-profile-updated",
      "customer-address-changed",
    ]);
    expect(events[1]?.data).toEqual({ customerId: customer.id, name: "Ada King" });
    expect(events[2]?.data).toMatchObject({
      defaultShippingAddress: { recipient: "Ada King", city: "Berlin" },
    });
  });

  it("preferences and a non-default address publish nothing (they are nobody else's business)", async () => {
    const customer = await api.registered({ address: address() });
    customerOf(await api.patch(customer.id, { preferences: { marketingConsent: true, currency: "GBP" } }));
    customerOf(await api.addAddress(customer.id, paris));
    expect(typesOf(await outboxEvents(t.db, customer.id))).toEqual(["customer-registered"]);
  });

  it("a new default, a chosen default and a removed default → CustomerAddressChanged each", async () => {
    const customer = await api.registered();
    const first = customerOf(await api.addAddress(customer.id, address()));
    const second = customerOf(await api.addAddress(customer.id, { ...paris, default: true }));
    customerOf(await api.setDefault(customer.id, first.addresses[0]!.id));
    customerOf(await api.removeAddress(customer.id, second.addresses[0]!.id));
    const events = await outboxEvents(t.db, customer.id);
    expect(typesOf(events)).toEqual([
      "customer-registered",
      "customer-address-changed",
      "customer-address-changed",
      "customer-address-changed",
      "customer-address-changed",
    ]);
    const cities = events.slice(1).map((e) => {
      const data = e.data as { defaultShippingAddress: { city: string } | null };
      return data.defaultShippingAddress?.city ?? null;
    });
    expect(cities).toEqual(["Berlin", "Paris", "Berlin", null]);
  });

  it("deactivate → CustomerDeactivated", async () => {
    const customer = await api.registered();
    customerOf(await api.deactivate(customer.id));
    const events = await outboxEvents(t.db, customer.id);
    expect(typesOf(events)).toEqual(["customer-registered", "customer-deactivated"]);
    expect(events[1]?.data).toEqual({ customerId: customer.id });
  });

  it("each event carries its position in the customer's stream: the version the save produced", async () => {
    const customer = await api.registered({ address: address() });
    customerOf(await api.patch(customer.id, { name: "Ada King" })); // one save, two events
    customerOf(await api.deactivate(customer.id));
    const events = await outboxEvents(t.db, customer.id);
    expect(events.map((e) => [e.type.split(".")[2], e.sequence])).toEqual([
      ["customer-registered", 1],
      ["customer-profile-updated", 2],
      ["customer-address-changed", 2],
      ["customer-deactivated", 3],
    ]);
  });

  it("a refused command writes no outbox row", async () => {
    const customer = await api.registered({ address: address() });
    customerOf(await api.deactivate(customer.id));
    const before = await outboxEvents(t.db);
    expectProblem(
      await expectNoWrite(t.db, () => api.patch(customer.id, { name: "Late" })),
      409,
      "customer.deactivated",
    );
    expectProblem(await expectNoWrite(t.db, () => api.deactivate(customer.id)), 409, "customer.deactivated");
    expectProblem(
      await expectNoWrite(t.db, () => api.register({ email: customer.email, name: "Dup" })),
      409,
      "customer.email_taken",
    );
    expectProblem(await expectNoWrite(t.db, () => api.deactivate(newUuid())), 404, "customer.not_found");
    expect(await outboxEvents(t.db)).toEqual(before);
  });
});

describe("one transaction", () => {
  it("when writing the events fails, nothing of the change is kept", async () => {
    const failing = await createCustomerTestApp({
      outbox: async (tx, events) => {
        await appendToOutbox(tx, events);
        throw new Error("outbox unavailable");
      },
    });
    try {
      const before = await snapshot(failing.db);
      const res = await failing.app.inject({
        method: "POST",
        url: "/customers",
        payload: { email: uniqueEmail(), name: "Never Saved", address: address() },
      });
      expectProblem(res, 500, "internal_error");
      expect(await snapshot(failing.db)).toEqual(before);
    } finally {
      await failing.close();
    }
  });

  it("the relay publishes the outbox in order and marks it sent", async () => {
    const customer = await api.registered({ address: address() });
    customerOf(await api.patch(customer.id, { name: "Relayed" }));
    customerOf(await api.deactivate(customer.id));
    const published: EventEnvelope[] = [];
    // The relay on a pool of the test's own, so that relayOnce alone (no start, no listener) is enough.
    const pool = new pg.Pool({ connectionString: t.database.url, max: 2 });
    const relay = new OutboxRelay({
      pool,
      bus: { publish: async (events) => void published.push(...events) },
      logger: pino({ level: "silent" }),
    });
    try {
      let batch = await relay.relayOnce();
      while (batch.locked > 0) batch = await relay.relayOnce();
    } finally {
      await pool.end();
    }
    const mine = published.filter((e) => e.subject === customer.id);
    expect(typesOf(mine)).toEqual([
      "customer-registered",
      "customer-profile-updated",
      "customer-address-changed",
      "customer-deactivated",
    ]);
    expect(mine).toEqual(await outboxEvents(t.db, customer.id));
    const [pending] = await t.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM messaging_outbox WHERE sent_at IS NULL",
    );
    expect(pending?.n).toBe(0);
  });
});
