import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShippingErrors } from "../../src/domain/errors.ts";
import { address } from "../support/events.ts";
import {
  expectProblem,
  expectValidationError,
  newUuid,
  type ShipmentJson,
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

describe("GET /shipments/{id}", () => {
  it("answers the shipment with its address snapshot, lines, tracking steps and ETag; 304 on If-None-Match", async () => {
    const lines = [{ productId: newUuid(), quantity: 2 }];
    const created = await api.created(lines);
    const res = await api.get(created.id);
    const shipment = shipmentOf(res);
    expect(shipment).toEqual({
      id: created.id,
      orderId: created.orderId,
      customerId: created.customerId,
      status: "Pending",
      lines,
      address: address(),
      carrier: null,
      trackingNumber: null,
      history: [{ status: "Pending", at: expect.any(String) }],
      version: 1,
    });
    const again = await api.get(created.id, { "if-none-match": res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });

  it("answers 404 problem+json for an unknown id and 400 for an id that is not a UUID", async () => {
    expectProblem(await api.get(newUuid()), 404, ShippingErrors.SHIPMENT_NOT_FOUND);
    expectValidationError(await api.get("42"), "params.id");
  });
});

describe("GET /shipments?orderId=", () => {
  it("answers the order's shipment as a cursor page, and an empty page for an order without one", async () => {
    const created = await api.created();
    const page = (await api.list({ orderId: created.orderId, limit: 1 })).json<{
      items: ShipmentJson[];
      nextCursor: string | null;
    }>();
    expect(page).toEqual({ items: [shipmentOf(await api.get(created.id))], nextCursor: null });
    const none = await api.list({ orderId: newUuid() });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ items: [], nextCursor: null });
  });

  it("needs an orderId, a page size of 1 to 100 and a cursor it handed out (400 otherwise)", async () => {
    expectValidationError(await api.list({}), "querystring.orderId");
    expectValidationError(await api.list({ orderId: "nope" }), "querystring.orderId");
    expectValidationError(await api.list({ orderId: newUuid(), limit: 0 }), "querystring.limit");
    expectValidationError(await api.list({ orderId: newUuid(), limit: 101 }), "querystring.limit");
    expectProblem(await api.list({ orderId: newUuid(), cursor: "garbage" }), 400, "invalid_cursor");
  });
});

describe("GET /shipments/tracking/{trackingNumber}", () => {
  it("the tracking view: finds the shipment by the carrier's number, with every step and its time", async () => {
    const created = await api.created();
    const trackingNumber = `1Z ${newUuid().slice(0, 8)}`;
    shipmentOf(await api.dispatch(created.id, { carrier: "UPS", trackingNumber }));
    const res = await api.track(trackingNumber);
    const tracked = res.json<ShipmentJson>();
    expect(res.statusCode).toBe(200);
    expect(tracked).toMatchObject({ id: created.id, carrier: "UPS", trackingNumber, status: "Dispatched" });
    expect(tracked.history.map((h) => h.status)).toEqual(["Pending", "Dispatched"]);
    const [pending, dispatched] = tracked.history.map((h) => Date.parse(h.at));
    expect(dispatched).toBeGreaterThanOrEqual(pending!);
  });

  it("answers 404 problem+json for a number no shipment has", async () => {
    expectProblem(await api.track("NO-SUCH-NUMBER"), 404, ShippingErrors.SHIPMENT_NOT_FOUND);
  });
});

describe("role split", () => {
  let reader: ShippingTestApp;
  let writer: ShippingTestApp;
  beforeAll(async () => {
    [reader, writer] = await Promise.all([
      createShippingTestApp({ role: "read" }),
      createShippingTestApp({ role: "write" }),
    ]);
  });
  afterAll(() => Promise.all([reader?.close(), writer?.close()]));

  it("a read instance answers queries and has no command routes", async () => {
    const r = shippingApi(reader);
    const created = await r.created();
    shipmentOf(await r.get(created.id));
    expectProblem(
      await r.dispatch(created.id, { carrier: "DHL", trackingNumber: "R1" }),
      404,
      "route_not_found",
    );
    expectProblem(await r.deliver(created.id), 404, "route_not_found");
  });

  it("a write instance answers commands and has no query routes", async () => {
    const w = shippingApi(writer);
    const created = await w.created();
    shipmentOf(await w.dispatch(created.id, { carrier: "DHL", trackingNumber: "W1" }));
    expectProblem(await w.get(created.id), 404, "route_not_found");
    expectProblem(await w.list({ orderId: created.orderId }), 404, "route_not_found");
    expectProblem(await w.track("W1"), 404, "route_not_found");
  });
});
