import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  type CustomerJson,
  type CustomersApi,
  countCustomers,
  customerOf,
  customersApi,
  expectConsistent,
  expectNoWrite,
  expectProblem,
  newUuid,
  outboxEvents,
  uniqueEmail,
} from "../support/customers-api.ts";

let t: CustomerTestApp;
let api: CustomersApi;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
});
afterAll(() => t.close());

const key = () => `key-${newUuid()}`;

describe("Idempotency-Key on POST commands", () => {
  it("a repeated registration replays the first 201; one customer, one event", async () => {
    const k = key();
    const body = { email: uniqueEmail(), name: "Once Only", address: address() };
    const before = await countCustomers(t.db);
    const first = await api.register(body, { "idempotency-key": k });
    const customer = customerOf(first, 201);
    for (const replay of [
      await api.register(body, { "idempotency-key": k }),
      await api.register({ ...body }, { "idempotency-key": k }),
    ]) {
      expect(replay.statusCode).toBe(201);
      expect(replay.json()).toEqual(first.json());
      expect(replay.headers.location).toBe(first.headers.location);
      expect(replay.headers.etag).toBe(first.headers.etag);
      expect(replay.headers["idempotent-replayed"]).toBe("true");
    }
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(await countCustomers(t.db)).toBe(before + 1);
    expect(await outboxEvents(t.db, customer.id)).toHaveLength(1);
    await expectConsistent(t, customer.id);
  });

  it("without a key, the repeat is a second registration of a taken email → 409", async () => {
    const body = { email: uniqueEmail(), name: "Twice" };
    customerOf(await api.register(body), 201);
    expectProblem(await api.register(body), 409, "customer.email_taken");
  });

  it("the same key with a different body → 422 idempotency_key_reused, nothing written", async () => {
    const k = key();
    customerOf(await api.register({ email: uniqueEmail(), name: "A" }, { "idempotency-key": k }), 201);
    const res = await expectNoWrite(t.db, () =>
      api.register({ email: uniqueEmail(), name: "B" }, { "idempotency-key": k }),
    );
    expectProblem(res, 422, "idempotency_key_reused");
  });

  it("the same key on another route → 422, nothing written", async () => {
    const k = key();
    const customer = customerOf(
      await api.register({ email: uniqueEmail(), name: "A" }, { "idempotency-key": k }),
      201,
    );
    expectProblem(
      await expectNoWrite(t.db, () => api.deactivate(customer.id, { "idempotency-key": k })),
      422,
      "idempotency_key_reused",
    );
  });

  it("a repeated add-address replays its answer; a repeated deactivate replays its success instead of 409", async () => {
    const created = await api.registered();
    const k1 = key();
    const first = customerOf(await api.addAddress(created.id, address(), { "idempotency-key": k1 }));
    const again = await api.addAddress(created.id, address(), { "idempotency-key": k1 });
    expect(again.json()).toEqual(first);
    const k2 = key();
    const deactivated = customerOf(await api.deactivate(created.id, { "idempotency-key": k2 }));
    const replay = await api.deactivate(created.id, { "idempotency-key": k2 });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(deactivated);
    expect((await expectConsistent(t, created.id)).version).toBe(3);
    expectProblem(await api.deactivate(created.id), 409, "customer.deactivated");
  });

  it("a request refused by validation does not use up its key", async () => {
    const k = key();
    const email = uniqueEmail();
    expectProblem(
      await api.register({ email, name: 42 }, { "idempotency-key": k }),
      400,
      "validation_failed",
    );
    const good = await api.register({ email, name: "Good" }, { "idempotency-key": k });
    expect(customerOf(good, 201).email).toBe(email);
    expect(good.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("parallel repeats of one key register exactly one customer", async () => {
    const k = key();
    const body = { email: uniqueEmail(), name: "Parallel" };
    const before = await countCustomers(t.db);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => api.register(body, { "idempotency-key": k })),
    );
    const created = responses.filter((r) => r.statusCode === 201);
    const busy = responses.filter((r) => r.statusCode === 409);
    expect(created.length + busy.length, responses.map((r) => r.statusCode).join()).toBe(6);
    expect(new Set(created.map((r) => r.json<CustomerJson>().id)).size).toBe(1);
    for (const r of busy) expectProblem(r, 409, "idempotency_in_progress");
    expect(await countCustomers(t.db)).toBe(before + 1);
  });
});
