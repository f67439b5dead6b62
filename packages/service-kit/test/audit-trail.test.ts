import { DomainError, newId } from "@ecommerce/domain-kernel";
import { createTestDatabase, expectProblem, type TestDatabase } from "@ecommerce/test-support";
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
  runWithContext,
  type ServiceApp,
  type SqlExecutor,
  serviceKitMigrationsDir,
} from "../src/index.ts";
import { pgExecutor, pgTransactional } from "./support/pg-executor.ts";

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

  async function rows(where = "true", ...values: unknown[]): Promise<AuditRecord[]> {
    const found = await pool.query(
      `SELECT id::text, at, actor_subject, actor_roles, command, target_id, payload, correlation_id,
              causation_id, outcome, duration_ms FROM audit_trail WHERE ${where} ORDER BY at, id`,
      values,
    );
    return found.rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: { subject: r.actor_subject, roles: r.actor_roles },
      command: r.command,
      targetId: r.target_id,
      payload: r.payload,
      correlationId: r.correlation_id,
      causationId: r.causation_id,
      outcome: r.outcome,
      durationMs: r.duration_ms,
    }));
  }

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
      -- Lets a test make the audit insert itself fail, as a full disk or a lost privilege would.
      CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'audit_trail refuses %', NEW.command; END $$;
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
    app = await createService({ name: "test", version: "1.0.0", logger: false, environment: "test" });
    await app.register(auditRoutes, { mediator });
    await app.ready();
  });
  beforeEach(async () => {
    await pool.query("DROP TRIGGER IF EXISTS refuse_audit ON audit_trail");
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

    const [row, ...others] = await rows("correlation_id = $1", correlationId);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      actor: { subject: "user-7", roles: ["admin", "orders.write"] },
      command: "PlaceOrder",
      targetId: orderId,
      correlationId,
      causationId: `req-${correlationId}`,
      outcome: "succeeded",
    });
    expect(new Date(row!.at).getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(row!.durationMs).toBeGreaterThanOrEqual(0);
    expect(await orderCount()).toBeGreaterThan(0);
  });

  it("redacts secrets and personal data from the payload, and keeps ids and the rest", async () => {
    const correlationId = newId();
    const command = placeOrder();
    await asAdmin(correlationId, () => mediator.send(command));
    const [row] = await rows("correlation_id = $1", correlationId);
    expect(row!.payload).toEqual({
      customerId: command.customerId,
      email: "[redacted]",
      // free text holding an email address or a card number is redacted as a whole
      note: "[redacted]",
      paymentMethod: "[redacted]",
      shippingAddress: "[redacted]",
      failAfterWrite: false,
    });
    const text = JSON.stringify(await rows());
    for (const secret of ["ada@example.com", "tok_visa", "4111", "Main Street", "Lyon"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("a refused command leaves a row with its error code, and no effect", async () => {
    const orderId = await asAdmin(newId(), () => mediator.send(placeOrder()));
    await asAdmin(newId(), () => mediator.send(new ConfirmOrder(orderId)));
    const correlationId = newId();
    await expect(asAdmin(correlationId, () => mediator.send(new ConfirmOrder(orderId)))).rejects.toThrow(
      DomainError,
    );
    expect(await rows("correlation_id = $1", correlationId)).toEqual([
      expect.objectContaining({
        command: "ConfirmOrder",
        targetId: orderId,
        outcome: "ordering.order_not_pending",
        actor: { subject: "user-7", roles: ["admin", "orders.write"] },
      }),
    ]);
    // the trail of the order: placed, confirmed, refused
    expect((await rows("target_id = $1", orderId)).map((r) => [r.command, r.outcome])).toEqual([
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
    expect(await rows("correlation_id = $1", correlationId)).toEqual([
      expect.objectContaining({ command: "PlaceOrder", targetId: customerId, outcome: "internal_error" }),
    ]);
  });

  it("a message its schema refuses leaves a row with validation_failed", async () => {
    const correlationId = newId();
    await expect(asAdmin(correlationId, () => mediator.send(new ConfirmOrder("not-a-uuid")))).rejects.toThrow(
      "invalid",
    );
    expect(await rows("correlation_id = $1", correlationId)).toEqual([
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
    expect((await rows("correlation_id = $1", correlationId)).map((r) => r.outcome)).toEqual(["succeeded"]);
  });

  it("when the audit insert fails, the effect is rolled back: nothing is done without a trace", async () => {
    await pool.query(
      "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_trail FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
    );
    const customerId = newId();
    const correlationId = newId();
    await expect(asAdmin(correlationId, () => mediator.send(placeOrder({ customerId })))).rejects.toThrow(
      "audit_trail refuses PlaceOrder",
    );
    expect((await pool.query("SELECT 1 FROM orders WHERE customer_id = $1", [customerId])).rowCount).toBe(0);
    expect(await rows("correlation_id = $1", correlationId)).toEqual([]);
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

    const trail = await rows("correlation_id = $1", event.correlationid);
    expect(trail.map((r) => [r.command, r.targetId, r.actor.subject, r.causationId, r.outcome])).toEqual(
      expect.arrayContaining([
        ["ConfirmOrder", orderId, "event:billing", event.id, "succeeded"],
        [`HandleIntegrationEvent(${event.type})`, orderId, "event:billing", event.id, "succeeded"],
      ]),
    );
    expect(trail).toHaveLength(2);
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
    expect(
      (await rows("correlation_id = $1", again.correlationid)).map((r) => [r.command, r.outcome]),
    ).toEqual([[`HandleIntegrationEvent(${event.type})`, "ordering.order_not_pending"]]);
  });

  describe("GET /audit", () => {
    it("pages a target's trail, newest first, to the end", async () => {
      const orderId = await asAdmin(newId(), () => mediator.send(placeOrder()));
      for (let i = 0; i < 4; i++) {
        await asAdmin(newId(), () => mediator.send(new ConfirmOrder(orderId))).catch(() => undefined);
      }
      const expected = (await rows("target_id = $1", orderId)).reverse();
      expect(expected).toHaveLength(5);

      const seen: AuditRecord[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `targetId=${orderId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const res = await app.inject({ method: "GET", url: `/audit?${query}` });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<{ items: AuditRecord[]; nextCursor: string | null }>();
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(expected);
    });

    it("answers an empty page for a target without a trail", async () => {
      const res = await app.inject({ method: "GET", url: `/audit?targetId=${newId()}` });
      expect(res.json()).toEqual({ items: [], nextCursor: null });
    });

    it("refuses bad input with problem+json", async () => {
      expectProblem(await app.inject({ method: "GET", url: "/audit" }), 400, "validation_failed");
      expectProblem(
        await app.inject({ method: "GET", url: "/audit?targetId=%3Cscript%3E" }),
        400,
        "validation_failed",
      );
      expectProblem(
        await app.inject({ method: "GET", url: `/audit?targetId=${newId()}&limit=101` }),
        400,
        "validation_failed",
      );
      expectProblem(
        await app.inject({ method: "GET", url: `/audit?targetId=${newId()}&cursor=bm90LWEtY3Vyc29y` }),
        400,
        "invalid_cursor",
      );
    });
  });
});
