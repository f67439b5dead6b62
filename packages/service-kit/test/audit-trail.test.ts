import { DomainError, newId } from "@ecommerce/domain-kernel";
import {
  auditRows,
  createTestDatabase,
  expectAuditAdminOnly,
  expectProblem,
  refuseAuditRows,
  type TestDatabase,
  testIssuer,
} from "@ecommerce/test-support";
import pg from "pg";
import pino from "pino";
import { Type } from "typebox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuditRecord,
  auditRoutes,
  Command,
  ConcurrencyConflict,
  createService,
  createStandardMediator,
  eventPipeline,
  type Mediator,
  migrate,
  migrationsFingerprint,
  PrismaUnitOfWork,
  requires,
  runWithContext,
  type ServiceApp,
  type SqlExecutor,
  serviceKitMigrationsDir,
} from "../src/index.ts";
import { pgExecutor, pgTransactional } from "./support/pg-executor.ts";
import { adminToken, testAuth } from "./support/test-service.ts";

// The durable audit trail through the standard pipeline, against real PostgreSQL: a command's row
// commits with its effect; a refused or failed one leaves its row and no effect; a failing audit
// insert takes the effect down with it; the list route pages a target's trail.

class PlaceOrder extends Command<string> {
  static readonly schema = Type.Object(
    {
      customerId: Type.String({ format: "uuid" }),
      email: Type.String(),
      note: Type.String(),
      paymentMethod: Type.Object({ token: Type.String() }),
      shippingAddress: Type.Object({ line1: Type.String(), city: Type.String() }),
      failAfterWrite: Type.Boolean(),
    },
    { additionalProperties: false },
  );
  constructor(
    readonly customerId: string,
    readonly email: string,
    readonly note: string,
    readonly paymentMethod: { token: string },
    readonly shippingAddress: { line1: string; city: string },
    readonly failAfterWrite = false,
  ) {
    super();
  }
}

class ConfirmOrder extends Command<void> {
  static readonly schema = Type.Object({ orderId: Type.String({ format: "uuid" }) });
  constructor(readonly orderId: string) {
    super();
  }
}

/** Loses an optimistic-concurrency race `conflicts` times before it commits. */
class TouchOrder extends Command<void> {
  constructor(
    readonly orderId: string,
    readonly conflicts: number,
  ) {
    super();
  }
}

const admin = { id: "user-7", roles: ["admin", "orders.write"] };

describe("the audit trail (real PostgreSQL)", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let uow: PrismaUnitOfWork<SqlExecutor>;
  let mediator: Mediator;
  let app: ServiceApp;
  const outside = () => pgExecutor(pool);
  let touchAttempts = 0;

  const byCorrelation = (correlationId: string) => auditRows(outside(), { correlationId });
  const byTarget = (targetId: string) => auditRows(outside(), { targetId });

  const orderCount = async () => (await pool.query("SELECT count(*)::int AS n FROM orders")).rows[0].n;

  function placeOrder(overrides: { customerId?: string; failAfterWrite?: boolean } = {}) {
    return new PlaceOrder(
      overrides.customerId ?? newId(),
      "ada@example.com",
      "call me on ada@example.com or pay with 4111 1111 1111 1111",
      { token: "tok_visa_4242" },
      { line1: "1 Main Street", city: "Lyon" },
      overrides.failAfterWrite ?? false,
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase({
      prefix: "sk_audit",
      template: {
        key: "service-kit-migrations",
        fingerprint: migrationsFingerprint([serviceKitMigrationsDir]),
        prepare: async (url) => {
          await migrate({ databaseUrl: url, sources: [serviceKitMigrationsDir] });
        },
      },
    });
    pool = new pg.Pool({ connectionString: database.url, max: 5 });
    await pool.query(`
      CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid NOT NULL, status text NOT NULL);
    `);
    uow = new PrismaUnitOfWork<SqlExecutor>(pgTransactional(pool));
    const logger = pino({ level: "silent" });
    mediator = createStandardMediator({ serviceName: "test", logger, unitOfWork: uow, db: outside() })
      .register(PlaceOrder, {
        async handle(command) {
          const id = newId();
          await uow
            .current()
            .$executeRawUnsafe(
              "INSERT INTO orders (id, customer_id, status) VALUES ($1, $2, 'Pending')",
              id,
              command.customerId,
            );
          if (command.failAfterWrite) throw new Error("the read model could not be written");
          return id;
        },
      })
      .register(ConfirmOrder, {
        async handle(command) {
          const changed = await uow
            .current()
            .$executeRawUnsafe(
              "UPDATE orders SET status = 'Confirmed' WHERE id = $1 AND status = 'Pending'",
              command.orderId,
            );
          if (changed === 0) {
            throw new DomainError("ordering.order_not_pending", "only a pending order can be confirmed");
          }
        },
      })
      .register(TouchOrder, {
        async handle(command) {
          await uow
            .current()
            .$executeRawUnsafe("UPDATE orders SET status = status WHERE id = $1", command.orderId);
          touchAttempts++;
          if (touchAttempts <= command.conflicts) throw new ConcurrencyConflict("order", command.orderId);
        },
      });
    app = await createService({
      name: "test",
      version: "1.0.0",
      logger: false,
      environment: "test",
      auth: await testAuth(),
    });
    await app.register(auditRoutes, { mediator });
    // A command over HTTP: the token's subject and roles become the request context's actor.
    app.post<{ Params: { id: string } }>(
      "/orders/:id/confirm",
      { config: { auth: requires("orders.write") } },
      async (request) => {
        await mediator.send(new ConfirmOrder(request.params.id));
        return { confirmed: true };
      },
    );
    await app.ready();
  });
  beforeEach(() => {
    touchAttempts = 0;
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
    await database.drop();
  });

  const asAdmin = <T>(correlationId: string, fn: () => Promise<T>) =>
    runWithContext(
      { requestId: `req-${correlationId}`, correlationId, causationId: `req-${correlationId}`, actor: admin },
      fn,
    );

  it("a command that takes effect leaves one row, written with its effect: who, what, when, chain, outcome", async () => {
    const correlationId = newId();
    const before = new Date();
    const orderId = await asAdmin(correlationId, () => mediator.send(placeOrder()));

    const [row, ...others] = await byCorrelation(correlationId);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      actor: { subject: "user-7", roles: ["admin", "orders.write"] },
      command: "PlaceOrder",
      targetId: orderId,
      correlationId,
      causationId: `req-${correlationId}`,
      outcome: "succeeded",
    });
    expect(row!.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(await orderCount()).toBeGreaterThan(0);
  });

  it("over HTTP, the actor is the verified token's subject and roles", async () => {
    const orderId = await asAdmin(newId(), () => mediator.send(placeOrder()));
    const clerk = newId();
    const token = await (await testIssuer()).tokenFor({ sub: clerk, roles: ["orders.write"] });
    const correlationId = newId();
    const res = await app.inject({
      method: "POST",
      url: `/orders/${orderId}/confirm`,
      headers: { authorization: `Bearer ${token}`, "x-correlation-id": correlationId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await byCorrelation(correlationId)).toEqual([
      expect.objectContaining({
        command: "ConfirmOrder",
        targetId: orderId,
        actor: { subject: clerk, roles: ["orders.write"] },
        causationId: res.headers["x-request-id"],
        outcome: "succeeded",
      }),
    ]);
  });

  it("redacts secrets and personal data from the payload, and keeps ids and the rest", async () => {
    const correlationId = newId();
    const command = placeOrder();
    await asAdmin(correlationId, () => mediator.send(command));
    const [row] = await byCorrelation(correlationId);
    expect(row!.payload).toEqual({
      customerId: command.customerId,
      email: "[redacted]",
      // free text holding an email address or a card number is redacted as a whole
      note: "[redacted]",
      paymentMethod: "[redacted]",
      shippingAddress: "[redacted]",
      failAfterWrite: false,
    });
    const text = JSON.stringify(await auditRows(outside()));
    for (const secret of ["ada@example.com", "tok_visa", "4111", "Main Street", "Lyon"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("is append-only: PostgreSQL refuses to change or delete a row", async () => {
    const correlationId = newId();
    await asAdmin(correlationId, () => mediator.send(placeOrder()));
    await expect(
      pool.query("UPDATE audit_trail SET outcome = 'succeeded' WHERE correlation_id = $1", [correlationId]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(
      pool.query("DELETE FROM audit_trail WHERE correlation_id = $1", [correlationId]),
    ).rejects.toThrow(/append-only: DELETE refused/);
    expect(await byCorrelation(correlationId)).toHaveLength(1);
  });

  it("a refused command leaves a row with its error code, and no effect", async () => {
    const orderId = await asAdmin(newId(), () => mediator.send(placeOrder()));
    await asAdmin(newId(), () => mediator.send(new ConfirmOrder(orderId)));
    const correlationId = newId();
    await expect(asAdmin(correlationId, () => mediator.send(new ConfirmOrder(orderId)))).rejects.toThrow(
      DomainError,
    );
    expect(await byCorrelation(correlationId)).toEqual([
      expect.objectContaining({
        command: "ConfirmOrder",
        targetId: orderId,
        outcome: "ordering.order_not_pending",
        actor: { subject: "user-7", roles: ["admin", "orders.write"] },
      }),
    ]);
    // the trail of the order: placed, confirmed, refused
    expect((await byTarget(orderId)).map((r) => [r.command, r.outcome])).toEqual([
      ["PlaceOrder", "succeeded"],
      ["ConfirmOrder", "succeeded"],
      ["ConfirmOrder", "ordering.order_not_pending"],
    ]);
  });

  it("a command that fails after writing is rolled back; its row says internal_error", async () => {
    const customerId = newId();
    const correlationId = newId();
    await expect(
      asAdmin(correlationId, () => mediator.send(placeOrder({ customerId, failAfterWrite: true }))),
    ).rejects.toThrow("read model");
    expect((await pool.query("SELECT 1 FROM orders WHERE customer_id = $1", [customerId])).rowCount).toBe(0);
    expect(await byCorrelation(correlationId)).toEqual([
      expect.objectContaining({ command: "PlaceOrder", targetId: customerId, outcome: "internal_error" }),
    ]);
  });

  it("a message its schema refuses leaves a row with validation_failed", async () => {
    const correlationId = newId();
    await expect(asAdmin(correlationId, () => mediator.send(new ConfirmOrder("not-a-uuid")))).rejects.toThrow(
      "invalid",
    );
    expect(await byCorrelation(correlationId)).toEqual([
      expect.objectContaining({
        command: "ConfirmOrder",
        targetId: "not-a-uuid",
        outcome: "validation_failed",
      }),
    ]);
  });

  it("a command retried after lost races leaves one row", async () => {
    const orderId = await asAdmin(newId(), () => mediator.send(placeOrder()));
    const correlationId = newId();
    await asAdmin(correlationId, () => mediator.send(new TouchOrder(orderId, 2)));
    expect(touchAttempts).toBe(3);
    expect((await byCorrelation(correlationId)).map((r) => r.outcome)).toEqual(["succeeded"]);
  });

  it("when the audit insert fails, the effect is rolled back: nothing is done without a trace", async () => {
    const lift = await refuseAuditRows(outside(), "PlaceOrder");
    const customerId = newId();
    const correlationId = newId();
    try {
      await expect(asAdmin(correlationId, () => mediator.send(placeOrder({ customerId })))).rejects.toThrow(
        "audit_trail refuses PlaceOrder",
      );
    } finally {
      await lift();
    }
    expect((await pool.query("SELECT 1 FROM orders WHERE customer_id = $1", [customerId])).rowCount).toBe(0);
    expect(await byCorrelation(correlationId)).toEqual([]);
  });

  it("an event's handling and the commands it sends are audited as the publishing context, in one transaction", async () => {
    const orderId = await asAdmin(newId(), () => mediator.send(placeOrder()));
    const pipeline = eventPipeline(mediator, uow);
    const event = {
      id: newId(),
      type: "ecommerce.billing.payment-succeeded.v1",
      source: "/billing",
      subject: orderId,
      correlationid: newId(),
    };
    await pipeline.run(event, "billing.ordering", () => mediator.send(new ConfirmOrder(orderId)));

    const trail = await byCorrelation(event.correlationid);
    // in order of arrival: the event's handling, then the command it sent
    expect(trail.map((r) => [r.command, r.targetId, r.actor.subject, r.causationId, r.outcome])).toEqual([
      [`HandleIntegrationEvent(${event.type})`, orderId, "event:billing", event.id, "succeeded"],
      ["ConfirmOrder", orderId, "event:billing", event.id, "succeeded"],
    ]);
    expect(trail.find((r) => r.command.startsWith("Handle"))?.payload).toEqual({
      subscription: "billing.ordering",
      eventType: event.type,
      eventId: event.id,
      subject: orderId,
    });

    // Redelivered after the order moved on: the command refuses, the whole handling rolls back, and
    // the event's row carries the refusal's code.
    const again = { ...event, id: newId(), correlationid: newId() };
    await expect(
      pipeline.run(again, "billing.ordering", () => mediator.send(new ConfirmOrder(orderId))),
    ).rejects.toThrow(DomainError);
    expect((await byCorrelation(again.correlationid)).map((r) => [r.command, r.outcome])).toEqual([
      [`HandleIntegrationEvent(${event.type})`, "ordering.order_not_pending"],
    ]);
  });

  describe("GET /audit", () => {
    let admin: Record<string, string>;
    beforeAll(async () => {
      admin = { authorization: `Bearer ${await adminToken()}` };
    });

    it("pages a target's trail, newest first, to the end", async () => {
      const orderId = await asAdmin(newId(), () => mediator.send(placeOrder()));
      for (let i = 0; i < 4; i++) {
        await asAdmin(newId(), () => mediator.send(new ConfirmOrder(orderId))).catch(() => undefined);
      }
      const expected = (await byTarget(orderId)).map((r) => r.id).reverse();
      expect(expected).toHaveLength(5);

      const seen: AuditRecord[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `targetId=${orderId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const res = await app.inject({ method: "GET", url: `/audit?${query}`, headers: admin });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<{ items: AuditRecord[]; nextCursor: string | null }>();
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen.map((r) => r.id)).toEqual(expected);
      expect(seen[0]).toMatchObject({
        command: "ConfirmOrder",
        targetId: orderId,
        actor: { subject: "user-7" },
      });
      expect(seen.at(-1)).toMatchObject({ command: "PlaceOrder", outcome: "succeeded" });
    });

    it("is for admin only: no token 401, a token without the admin role 403", async () => {
      const url = `/audit?targetId=${newId()}`;
      const none = expectProblem(await app.inject({ method: "GET", url }), 401, "auth_required");
      expect(none.detail).toMatch(/bearer token/);
      const issuer = await testIssuer();
      for (const roles of [["orders.read", "orders.write", "customers.read"], ["customer"]]) {
        const token = await issuer.tokenFor({ sub: newId(), roles });
        expectProblem(
          await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } }),
          403,
          "forbidden",
        );
      }
      const expired = await issuer.expiredToken({ sub: "x", roles: ["admin"] });
      expectProblem(
        await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${expired}` } }),
        401,
        "token_expired",
      );
      expect((await app.inject({ method: "GET", url, headers: admin })).statusCode).toBe(200);
      // test-support's check, which the services' tests use
      await expectAuditAdminOnly(app, newId(), ["orders.read"]);
    });

    it("answers an empty page for a target without a trail", async () => {
      const res = await app.inject({ method: "GET", url: `/audit?targetId=${newId()}`, headers: admin });
      expect(res.json()).toEqual({ items: [], nextCursor: null });
    });

    it("refuses bad input with problem+json", async () => {
      expectProblem(
        await app.inject({ method: "GET", url: "/audit", headers: admin }),
        400,
        "validation_failed",
      );
      expectProblem(
        await app.inject({ method: "GET", url: "/audit?targetId=%3Cscript%3E", headers: admin }),
        400,
        "validation_failed",
      );
      expectProblem(
        await app.inject({ method: "GET", url: `/audit?targetId=${newId()}&limit=101`, headers: admin }),
        400,
        "validation_failed",
      );
      expectProblem(
        await app.inject({
          method: "GET",
          url: `/audit?targetId=${newId()}&cursor=bm90LWEtY3Vyc29y`,
          headers: admin,
        }),
        400,
        "invalid_cursor",
      );
    });
  });
});
