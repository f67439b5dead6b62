import { createTestDatabase, type TestDatabase, testIssuer } from "@ecommerce/test-support";
import pg from "pg";
import { Type } from "typebox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  idempotency,
  migrate,
  migrationsFingerprint,
  PrismaUnitOfWork,
  type ServiceApp,
  serviceKitMigrationsDir,
} from "../src/index.ts";
import { deferred } from "./support/deferred.ts";
import { pgExecutor, pgTransactional } from "./support/pg-executor.ts";
import { createTestService } from "./support/test-service.ts";

const PROBLEM_JSON = /^application\/problem\+json/;
const Body = Type.Object({ sku: Type.String(), quantity: Type.Integer() }, { additionalProperties: false });

describe("idempotency plugin (real PostgreSQL)", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let app: ServiceApp;
  const calls = { create: 0, slow: 0, flaky: 0, rejected: 0 };
  let slowEntered = deferred();
  let slowRelease = deferred();
  let flakyFailures = 0;

  beforeAll(async () => {
    db = await createTestDatabase({
      prefix: "sk_idem",
      template: {
        key: "service-kit-migrations",
        fingerprint: migrationsFingerprint([serviceKitMigrationsDir]),
        prepare: async (url) => {
          await migrate({ databaseUrl: url, sources: [serviceKitMigrationsDir] });
        },
      },
    });
    pool = new pg.Pool({ connectionString: db.url, max: 5 });
    app = await createTestService({ name: "ordering", version: "1.0.0", logger: false });
    await app.register(idempotency, { db: pgExecutor(pool) });

    app.post("/orders", { schema: { body: Body } }, async (request, reply) => {
      calls.create++;
      const id = `order-${calls.create}`;
      return reply
        .code(201)
        .header("location", `/orders/${id}`)
        .header("etag", `"${calls.create}"`)
        .send({ id, sku: request.body.sku, quantity: request.body.quantity });
    });
    app.post("/slow", async () => {
      calls.slow++;
      slowEntered.resolve();
      await slowRelease.promise;
      return { done: calls.slow };
    });
    app.post("/flaky", async (_request, reply) => {
      calls.flaky++;
      if (flakyFailures > 0) {
        flakyFailures--;
        throw new Error("database went away");
      }
      return reply.code(201).send({ attempt: calls.flaky });
    });
    app.post("/rejected", async (_request, reply) => {
      calls.rejected++;
      return reply
        .code(409)
        .type("application/problem+json")
        .send({ status: 409, code: "order_not_pending" });
    });
    // A command that commits through a unit of work, then fails to answer (e.g. re-reading the read
    // model fails, or the process dies before the response is stored).
    await pool.query("CREATE TABLE effects (id serial PRIMARY KEY)");
    const uow = new PrismaUnitOfWork(pgTransactional(pool));
    app.post("/committed-then-failed", async () => {
      await uow.run(async () => {
        await uow.current().$executeRawUnsafe("INSERT INTO effects DEFAULT VALUES");
      });
      throw new Error("answering failed after the commit");
    });
    app.post("/rolled-back", async () => {
      await uow.run(async () => {
        await uow.current().$executeRawUnsafe("INSERT INTO effects DEFAULT VALUES");
        throw new Error("failed inside the transaction");
      });
    });
    app.get("/orders", async () => ({ items: [] }));
    await app.ready();
  });
  beforeEach(() => {
    calls.create = calls.slow = calls.flaky = calls.rejected = 0;
    slowEntered = deferred();
    slowRelease = deferred();
    flakyFailures = 0;
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
    await db.drop();
  });

  const post = (url: string, payload: unknown, key?: string) =>
    app.inject({
      method: "POST",
      url,
      payload: payload as object,
      headers: key ? { "idempotency-key": key } : {},
    });

  it("replays the first response for a repeat with the same key and body, running the handler once", async () => {
    const first = await post("/orders", { sku: "A-1", quantity: 2 }, "key-replay");
    expect(first.statusCode).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();

    const again = await post("/orders", { sku: "A-1", quantity: 2 }, "key-replay");
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toBe(first.body);
    expect(again.json()).toEqual({ id: "order-1", sku: "A-1", quantity: 2 });
    expect(again.headers.location).toBe("/orders/order-1");
    expect(again.headers.etag).toBe('"1"');
    expect(again.headers["content-type"]).toBe(first.headers["content-type"]);
    expect(calls.create).toBe(1);

    // Key order in the JSON body does not make it a different request.
    const reordered = await app.inject({
      method: "POST",
      url: "/orders",
      headers: { "idempotency-key": "key-replay", "content-type": "application/json" },
      payload: '{"quantity": 2, "sku": "A-1"}',
    });
    expect(reordered.statusCode).toBe(201);
    expect(reordered.headers["idempotent-replayed"]).toBe("true");
    expect(calls.create).toBe(1);
  });

  it("keeps keys apart: another key runs the handler again", async () => {
    await post("/orders", { sku: "A-1", quantity: 1 }, "key-a");
    const other = await post("/orders", { sku: "A-1", quantity: 1 }, "key-b");
    expect(other.statusCode).toBe(201);
    expect(other.headers["idempotent-replayed"]).toBeUndefined();
    expect(calls.create).toBe(2);
  });

  it("scopes keys by the caller's subject: another caller's same key neither replays nor blocks", async () => {
    const issuer = await testIssuer();
    const as = async (sub: string) => `Bearer ${await issuer.tokenFor({ sub, roles: ["admin"] })}`;
    const before = calls.create;
    const send = async (sub: string) =>
      app.inject({
        method: "POST",
        url: "/orders",
        payload: { sku: "A-1", quantity: 1 },
        headers: { "idempotency-key": "key-shared", authorization: await as(sub) },
      });
    const ada = await send("ada");
    const grace = await send("grace");
    expect([ada.statusCode, grace.statusCode]).toEqual([201, 201]);
    expect(grace.headers["idempotent-replayed"]).toBeUndefined();
    expect(grace.json().id).not.toBe(ada.json().id);
    expect((await send("ada")).headers["idempotent-replayed"]).toBe("true");
    expect(calls.create).toBe(before + 2);
    const scopes = await pool.query(
      "SELECT scope FROM idempotency_keys WHERE key = 'key-shared' ORDER BY scope",
    );
    expect(scopes.rows).toEqual([{ scope: "ada" }, { scope: "grace" }]);
  });

  it("refuses the same key with a different body (422), without running the handler", async () => {
    await post("/orders", { sku: "A-1", quantity: 1 }, "key-mismatch");
    const different = await post("/orders", { sku: "A-1", quantity: 5 }, "key-mismatch");
    expect(different.statusCode).toBe(422);
    expect(different.headers["content-type"]).toMatch(PROBLEM_JSON);
    expect(different.json()).toMatchObject({ status: 422, code: "idempotency_key_reused" });
    expect(calls.create).toBe(1);

    const otherRoute = await post("/flaky", { sku: "A-1", quantity: 1 }, "key-mismatch");
    expect(otherRoute.statusCode).toBe(422);
    expect(calls.flaky).toBe(0);
  });

  it("answers 409 to a repeat that arrives while the first request is still running", async () => {
    const first = post("/slow", { n: 1 }, "key-slow");
    await slowEntered.promise;

    const duplicate = await post("/slow", { n: 1 }, "key-slow");
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers["content-type"]).toMatch(PROBLEM_JSON);
    expect(duplicate.json()).toMatchObject({ code: "idempotency_in_progress" });

    slowRelease.resolve();
    expect((await first).json()).toEqual({ done: 1 });
    const after = await post("/slow", { n: 1 }, "key-slow");
    expect(after.headers["idempotent-replayed"]).toBe("true");
    expect(after.json()).toEqual({ done: 1 });
    expect(calls.slow).toBe(1);
  });

  it("does not store a server error, so a retry runs the handler again", async () => {
    flakyFailures = 1;
    const failed = await post("/flaky", { x: 1 }, "key-flaky");
    expect(failed.statusCode).toBe(500);
    const stored = await pool.query("SELECT 1 FROM idempotency_keys WHERE key = 'key-flaky'");
    expect(stored.rowCount).toBe(0);

    const retried = await post("/flaky", { x: 1 }, "key-flaky");
    expect(retried.statusCode).toBe(201);
    expect(retried.headers["idempotent-replayed"]).toBeUndefined();
    expect(retried.json()).toEqual({ attempt: 2 });
    expect(calls.flaky).toBe(2);

    const replayed = await post("/flaky", { x: 1 }, "key-flaky");
    expect(replayed.headers["idempotent-replayed"]).toBe("true");
    expect(replayed.json()).toEqual({ attempt: 2 });
    expect(calls.flaky).toBe(2);
  });

  it("stores and replays a client error like any other answer", async () => {
    const first = await post("/rejected", {}, "key-409");
    const again = await post("/rejected", {}, "key-409");
    expect(first.statusCode).toBe(409);
    expect(again.statusCode).toBe(409);
    expect(again.headers["content-type"]).toMatch(PROBLEM_JSON);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(calls.rejected).toBe(1);
  });

  it("does not claim a key for a request that fails validation", async () => {
    const invalid = await post("/orders", { sku: "A-1" }, "key-invalid-body");
    expect(invalid.statusCode).toBe(400);
    const valid = await post("/orders", { sku: "A-1", quantity: 1 }, "key-invalid-body");
    expect(valid.statusCode).toBe(201);
    expect(valid.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("refuses an invalid key with 400", async () => {
    for (const key of ["has space", "x".repeat(256), "tab\tinside"]) {
      const response = await post("/orders", { sku: "A-1", quantity: 1 }, key);
      expect(response.statusCode, key).toBe(400);
      expect(response.json(), key).toMatchObject({ code: "invalid_idempotency_key" });
    }
    expect(calls.create).toBe(0);
  });

  it("leaves requests without a key, and GETs, alone", async () => {
    const a = await post("/orders", { sku: "A-1", quantity: 1 });
    const b = await post("/orders", { sku: "A-1", quantity: 1 });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).not.toBe(b.json().id);
    expect(calls.create).toBe(2);
    const get = await app.inject({
      method: "GET",
      url: "/orders",
      headers: { "idempotency-key": "has space" },
    });
    expect(get.statusCode).toBe(200);
  });

  it("takes over a key whose first request died before answering", async () => {
    await pool.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, status, created_at)
       VALUES ('anonymous', 'key-abandoned', 'whatever', 'pending', now() - interval '2 minutes')`,
    );
    const response = await post("/orders", { sku: "A-1", quantity: 1 }, "key-abandoned");
    expect(response.statusCode).toBe(201);
    expect(calls.create).toBe(1);
  });

  describe("when the command committed but its answer was lost", () => {
    const effects = async () =>
      (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM effects")).rows[0]?.n ?? 0;

    it("a retry after a server error does not run the command again (409 idempotency_response_lost)", async () => {
      const before = await effects();
      const first = await post("/committed-then-failed", {}, "key-lost");
      expect(first.statusCode).toBe(500);
      expect(await effects()).toBe(before + 1);
      const retry = await post("/committed-then-failed", {}, "key-lost");
      expect(retry.statusCode).toBe(409);
      expect(retry.headers["content-type"]).toMatch(PROBLEM_JSON);
      expect(retry.json()).toMatchObject({ code: "idempotency_response_lost" });
      expect(await effects()).toBe(before + 1);
    });

    it("a command that rolled back may be retried with the same key", async () => {
      const before = await effects();
      expect((await post("/rolled-back", {}, "key-rolled-back")).statusCode).toBe(500);
      expect((await post("/rolled-back", {}, "key-rolled-back")).statusCode).toBe(500);
      expect(await effects()).toBe(before);
      const row = await pool.query("SELECT 1 FROM idempotency_keys WHERE key = 'key-rolled-back'");
      expect(row.rowCount).toBe(0);
    });

    it("a key whose request died after committing is not taken over when it goes stale", async () => {
      // The same request under another key, to learn the fingerprint the died request left.
      await post("/orders", { sku: "A-1", quantity: 1 }, "key-probe");
      const probe = await pool.query<{ fingerprint: string }>(
        "SELECT fingerprint FROM idempotency_keys WHERE key = 'key-probe'",
      );
      const created = calls.create;
      await pool.query(
        `INSERT INTO idempotency_keys (scope, key, fingerprint, status, created_at, committed_at)
         VALUES ('kit-test-admin', 'key-died-after-commit', $1, 'pending', now() - interval '2 minutes',
                 now() - interval '2 minutes')`,
        [probe.rows[0]?.fingerprint],
      );
      const response = await post("/orders", { sku: "A-1", quantity: 1 }, "key-died-after-commit");
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: "idempotency_response_lost" });
      expect(calls.create).toBe(created);
    });
  });
});
