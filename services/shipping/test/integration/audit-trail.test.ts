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
import { ORDERING_SUBSCRIPTION, orderPaid } from "../support/events.ts";
import { countShipments, expectNoWrite, shipmentOfOrder, shippingApi } from "../support/shipping-api.ts";
import { createShippingTestApp, type ShippingTestApp } from "../support/shipping-test-app.ts";

// Shipping's audit trail, in its own database: every command over HTTP or from an event leaves a row.

let t: ShippingTestApp;
let api: ReturnType<typeof shippingApi>;

beforeAll(async () => {
  t = await createShippingTestApp();
  api = shippingApi(t);
});
afterAll(() => t.close());

const chain = () => ({ "x-correlation-id": randomUUID(), "x-request-id": randomUUID() });

describe("shipping's audit trail", () => {
  it("OrderPaid: the handling and the shipment it creates leave rows, as ordering, the address redacted", async () => {
    const orderId = randomUUID();
    const event = orderPaid(orderId);
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, event)).toBe("handled");
    const shipment = await shipmentOfOrder(t.db, orderId);
    const rows = await auditRows(t.db, { correlationId: event.correlationid });
    expect(rows.map((r) => [r.command, r.targetId, r.actor.subject, r.causationId, r.outcome])).toEqual([
      [`HandleIntegrationEvent(${event.type})`, orderId, "event:ordering", event.id, "succeeded"],
      ["CreateShipment", shipment.id, "event:ordering", event.id, "succeeded"],
    ]);
    expect(rows[1]?.payload).toMatchObject({ orderId, address: "[redacted]" });
    expect(JSON.stringify(rows)).not.toMatch(/Lovelace|Analytical/);
  });

  it("a command over HTTP leaves one row; a refused one its error code, and no effect", async () => {
    const shipment = await api.created();
    const clerk = randomUUID();
    const headers = { ...chain(), ...(await authorizationAs(clerk, [Roles.SHIPPING_WRITE])) };
    const res = await api.dispatch(shipment.id, { carrier: "DHL", trackingNumber: "JD0146000000" }, headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(await auditRows(t.db, { correlationId: headers["x-correlation-id"] })).toEqual([
      expect.objectContaining({
        command: "DispatchShipment",
        targetId: shipment.id,
        actor: { subject: clerk, roles: [Roles.SHIPPING_WRITE] },
        causationId: headers["x-request-id"],
        outcome: "succeeded",
        payload: expect.objectContaining({ carrier: "DHL", trackingNumber: "JD0146000000" }),
      }),
    ]);

    const again = chain();
    const refused = await expectNoWrite(t.db, () =>
      api.dispatch(shipment.id, { carrier: "DHL", trackingNumber: "JD0146000001" }, again),
    );
    expectProblem(refused, 409, "shipping.shipment_not_pending");
    expect(await auditRows(t.db, { correlationId: again["x-correlation-id"] })).toEqual([
      expect.objectContaining({
        command: "DispatchShipment",
        targetId: shipment.id,
        outcome: "shipping.shipment_not_pending",
      }),
    ]);
  });

  it("when the audit row cannot be written, no shipment is created and the event is not consumed", async () => {
    const orderId = randomUUID();
    const event = orderPaid(orderId);
    const lift = await refuseAuditRows(t.db, "CreateShipment");
    try {
      await expect(t.handleEvent(ORDERING_SUBSCRIPTION, event)).rejects.toThrow(/audit_trail refuses/);
    } finally {
      await lift();
    }
    expect(await countShipments(t.db, orderId)).toBe(0);
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, event)).toBe("handled");
    expect(await countShipments(t.db, orderId)).toBe(1);
  });

  it("GET /audit pages a shipment's trail, newest first", async () => {
    const shipment = await api.created();
    const dispatched = await api.dispatch(shipment.id, {
      carrier: "UPS",
      trackingNumber: "1Z999AA10123456784",
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect((await api.deliver(shipment.id)).statusCode).toBe(200);
    const { pages, items } = await auditPages(t.app, shipment.id, 2);
    expect(pages).toBe(2);
    expect(items.map((i) => i.command)).toEqual(["DeliverShipment", "DispatchShipment", "CreateShipment"]);
  });

  it("GET /audit is for admin only", async () => {
    await expectAuditAdminOnly(t.app, randomUUID(), [Roles.SHIPPING_READ, Roles.SHIPPING_WRITE]);
  });
});
