import { ShipmentDelivered, ShipmentDispatched } from "@ecommerce/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShippingErrors } from "../../src/domain/errors.ts";
import {
  expectNoWrite,
  expectProblem,
  expectValidationError,
  newUuid,
  outboxEvents,
  type ShippingApi,
  shipmentOf,
  shippingApi,
} from "../support/shipping-api.ts";
import { createShippingTestApp, type ShippingTestApp } from "../support/shipping-test-app.ts";

let t: ShippingTestApp;
let api: ShippingApi;
beforeAll(async () => {
  t = await createShippingTestApp();
  api = shippingApi(t);
});
afterAll(() => t.close());

const dhl = (trackingNumber = `JD${newUuid().slice(0, 8)}`) => ({ carrier: "DHL", trackingNumber });

describe("POST /shipments/{id}/dispatch", () => {
  it("dispatches a pending shipment: 200 with the shipment and its ETag, ShipmentDispatched with the lines", async () => {
    const created = await api.created([
      { productId: newUuid(), quantity: 3 },
      { productId: newUuid(), quantity: 1 },
    ]);
    const body = dhl("JD014600006281");
    const shipment = shipmentOf(await api.dispatch(created.id, body, { "if-match": '"1"' }));
    expect(shipment).toMatchObject({
      id: created.id,
      orderId: created.orderId,
      status: "Dispatched",
      carrier: "DHL",
      trackingNumber: "JD014600006281",
      version: 2,
    });
    expect(shipment.history.map((h) => h.status)).toEqual(["Pending", "Dispatched"]);
    expect(shipmentOf(await api.get(created.id))).toEqual(shipment);

    const events = await outboxEvents(t.db, created.id);
    expect(events.map((e) => e.type)).toEqual([
      expect.stringContaining("shipment-created"),
      ShipmentDispatched.type,
    ]);
    expect(events[1]?.data).toEqual({
      shipmentId: created.id,
      orderId: created.orderId,
      lines: created.lines,
    });
  });

  it("refuses a second dispatch (409), leaving the shipment and the outbox as they were", async () => {
    const created = await api.created();
    shipmentOf(await api.dispatch(created.id, dhl()));
    const res = await expectNoWrite(t.db, () => api.dispatch(created.id, dhl()));
    expectProblem(res, 409, ShippingErrors.NOT_PENDING);
  });

  it("answers 404 problem+json for a shipment that does not exist", async () => {
    expectProblem(await api.dispatch(newUuid(), dhl()), 404, ShippingErrors.SHIPMENT_NOT_FOUND);
  });

  it("answers 412 for a stale If-Match, with the current version, and writes nothing", async () => {
    const created = await api.created();
    const res = await expectNoWrite(t.db, () => api.dispatch(created.id, dhl(), { "if-match": '"7"' }));
    expect(expectProblem(res, 412, "precondition_failed")).toMatchObject({ currentVersion: 1 });
  });

  it.each([
    ["no carrier", { trackingNumber: "X1" }, "body.carrier"],
    ["an empty tracking number", { carrier: "DHL", trackingNumber: "" }, "body.trackingNumber"],
    ["a blank carrier", { carrier: "   ", trackingNumber: "X1" }, "body.carrier"],
    ["a control character", { carrier: "DHL\u0000", trackingNumber: "X1" }, "body.carrier"],
    [
      "a tracking number too long",
      { carrier: "DHL", trackingNumber: "9".repeat(101) },
      "body.trackingNumber",
    ],
    ["an unknown field", { carrier: "DHL", trackingNumber: "X1", price: "3.00" }, "body.price"],
  ])("refuses %s with 400 validation_failed and writes nothing", async (_what, body, field) => {
    const created = await api.created();
    const res = await expectNoWrite(t.db, () => api.dispatch(created.id, body));
    expectValidationError(res, field);
  });

  it("refuses an id that is not a UUID (400) and a malformed If-Match (400)", async () => {
    expectValidationError(await api.dispatch("not-a-uuid", dhl()), "params.id");
    const created = await api.created();
    expectProblem(
      await api.dispatch(created.id, dhl(), { "if-match": "yesterday" }),
      400,
      "invalid_if_match",
    );
  });

  it("replays a repeated Idempotency-Key with the first answer, dispatching once", async () => {
    const created = await api.created();
    const key = { "idempotency-key": `dispatch-${created.id}` };
    const first = shipmentOf(await api.dispatch(created.id, dhl("IDEM-1"), key));
    const again = await api.dispatch(created.id, dhl("IDEM-1"), key);
    expect(again.statusCode).toBe(200);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(first);
    const dispatched = (await outboxEvents(t.db, created.id)).filter(
      (e) => e.type === ShipmentDispatched.type,
    );
    expect(dispatched).toHaveLength(1);
    expectProblem(await api.dispatch(created.id, dhl("IDEM-2"), key), 422, "idempotency_key_reused");
  });
});

describe("POST /shipments/{id}/deliver", () => {
  it("delivers a dispatched shipment and publishes ShipmentDelivered", async () => {
    const created = await api.created();
    const dispatched = shipmentOf(await api.dispatch(created.id, dhl()));
    const delivered = shipmentOf(await api.deliver(created.id, { "if-match": `"${dispatched.version}"` }));
    expect(delivered).toMatchObject({ status: "Delivered", version: 3 });
    expect(delivered.history.map((h) => h.status)).toEqual(["Pending", "Dispatched", "Delivered"]);
    const last = (await outboxEvents(t.db, created.id)).at(-1);
    expect(last?.type).toBe(ShipmentDelivered.type);
    expect(last?.data).toEqual({ shipmentId: created.id, orderId: created.orderId });
  });

  it("refuses to deliver what has not left (409) and answers 404 for an unknown shipment", async () => {
    const created = await api.created();
    expectProblem(
      await expectNoWrite(t.db, () => api.deliver(created.id)),
      409,
      ShippingErrors.NOT_DISPATCHED,
    );
    expectProblem(await api.deliver(newUuid()), 404, ShippingErrors.SHIPMENT_NOT_FOUND);
  });
});
