import { randomUUID } from "node:crypto";
import { Roles } from "@ecommerce/service-kit";
import {
  auditPages,
  auditRows,
  authorizationAs,
  expectAuditAdminOnly,
  expectProblem,
  refuseAuditRows,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import { countOrders, expectNoWrite, line, ordersApi } from "../support/orders-api.ts";
import { address, events, replicas } from "../support/replicas.ts";

// Ordering's audit trail, in its own database: every command over HTTP or from an event leaves a row.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: ReturnType<typeof replicas>;
let productId: string;

beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
  productId = await seed.product("5.00");
});
afterAll(() => t.close());

const chain = () => ({ "x-correlation-id": randomUUID(), "x-request-id": randomUUID() });

describe("ordering's audit trail", () => {
  it("a customer's command over HTTP leaves one row: the customer as actor, command, target, redacted payload, chain, outcome", async () => {
    const customerId = await seed.customer();
    const headers = { ...chain(), ...(await authorizationAs(customerId, ["customer"])) };
    const res = await api.place(
      {
        customerId,
        lines: [line(productId, 2)],
        shippingAddress: address({ recipient: "Ada Lovelace", line1: "12 Rue de la Paix" }),
        paymentMethod: { token: "tok_mastercard" },
      },
      headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    const orderId = res.json<{ id: string }>().id;

    const rows = await auditRows(t.db, { correlationId: headers["x-correlation-id"] });
    expect(rows).toEqual([
      expect.objectContaining({
        command: "PlaceOrder",
        targetId: orderId,
        actor: { subject: customerId, roles: ["customer"] },
        causationId: headers["x-request-id"],
        outcome: "succeeded",
        payload: {
          customerId,
          lines: [{ productId, quantity: 2 }],
          shippingAddress: "[redacted]",
          paymentMethod: "[redacted]",
        },
      }),
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/Ada|Rue de la Paix|tok_mastercard/);
  });

  it("a refused command leaves a row with its error code, and no effect", async () => {
    const order = await api.placed();
    const headers = chain();
    const res = await expectNoWrite(t.db, () => api.confirm(order.id, headers));
    expectProblem(res, 409, "order.empty");
    expect(await auditRows(t.db, { correlationId: headers["x-correlation-id"] })).toEqual([
      expect.objectContaining({ command: "ConfirmOrder", targetId: order.id, outcome: "order.empty" }),
    ]);
  });

  it("an event's handling leaves a row, as the publishing context, about the event's subject", async () => {
    const customerId = randomUUID();
    const event = events.customerRegistered(customerId, {});
    await seed.fromCustomer(event);
    expect(await auditRows(t.db, { correlationId: event.correlationid })).toEqual([
      expect.objectContaining({
        command: `HandleIntegrationEvent(${event.type})`,
        targetId: customerId,
        actor: { subject: "event:customer", roles: [] },
        causationId: event.id,
        outcome: "succeeded",
      }),
    ]);
  });

  it("when the audit row cannot be written, the order is not placed", async () => {
    const customerId = await seed.customer();
    const before = await countOrders(t.db);
    const lift = await refuseAuditRows(t.db, "PlaceOrder");
    try {
      const res = await api.place({ customerId, lines: [line(productId)] });
      expectProblem(res, 500, "internal_error");
    } finally {
      await lift();
    }
    expect(await countOrders(t.db)).toBe(before);
  });

  it("GET /audit pages an order's trail, newest first", async () => {
    const order = await api.placed([line(productId)]);
    expect((await api.addLine(order.id, line(productId, 3))).statusCode).toBe(200);
    expect((await api.confirm(order.id)).statusCode).toBe(200);
    expect((await api.cancel(order.id, "changed my mind")).statusCode).toBe(200);

    const { pages, items } = await auditPages(t.app, order.id, 3);
    expect(pages).toBe(2);
    expect(items.map((i) => i.command)).toEqual([
      "CancelOrder",
      "ConfirmOrder",
      "AddOrderLine",
      "PlaceOrder",
    ]);

    expectProblem(
      await t.app.inject({ method: "GET", url: "/audit", query: { targetId: order.id, cursor: "nope" } }),
      400,
      "invalid_cursor",
    );
    expectProblem(await t.app.inject({ method: "GET", url: "/audit" }), 400, "validation_failed");
  });

  it("GET /audit is for admin only", async () => {
    await expectAuditAdminOnly(t.app, randomUUID(), [Roles.ORDERS_READ, Roles.ORDERS_WRITE]);
  });
});
