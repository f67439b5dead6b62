import { ShipmentCreated } from "@ecommerce/contracts";
import { PermanentFailure } from "@ecommerce/messaging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShippingErrors } from "../../src/domain/errors.ts";
import { address, line, ORDERING_SUBSCRIPTION, orderCancelled, orderPaid } from "../support/events.ts";
import {
  countShipments,
  expectNoWrite,
  newUuid,
  outboxEvents,
  type ShippingApi,
  shipmentOf,
  shipmentOfOrder,
  shippingApi,
} from "../support/shipping-api.ts";
import { createShippingTestApp, type ShippingTestApp } from "../support/shipping-test-app.ts";

// Ordering's events handed to shipping's consumer as the bus subscription hands them (parse, inbox,
// mediator pipeline, one transaction). The bus itself is in postgres-bus.test.ts.

let t: ShippingTestApp;
let api: ShippingApi;
beforeAll(async () => {
  t = await createShippingTestApp();
  api = shippingApi(t);
});
afterAll(() => t.close());

const deliver = (event: unknown) => t.handleEvent(ORDERING_SUBSCRIPTION, event);

/** The consumer's refusal: a PermanentFailure whose reason is the rule's code. */
async function refusal(event: unknown): Promise<PermanentFailure> {
  const error = await deliver(event).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PermanentFailure);
  return error as PermanentFailure;
}

describe("OrderPaid", () => {
  it("creates the shipment from the order's lines and address snapshot, and publishes ShipmentCreated", async () => {
    const orderId = newUuid();
    const lines = [line(2), line(5)];
    const shippingAddress = address({ line2: "Floor 3", region: "North Holland" });
    expect(await deliver(orderPaid(orderId, lines, shippingAddress))).toBe("handled");

    const shipment = await shipmentOfOrder(t.db, orderId);
    expect(shipment).toMatchObject({
      orderId,
      status: "Pending",
      lines,
      address: shippingAddress,
      version: 1,
    });
    const events = await outboxEvents(t.db, shipment.id);
    expect(events.map((e) => e.type)).toEqual([ShipmentCreated.type]);
    expect(events[0]?.data).toEqual({ shipmentId: shipment.id, orderId, lines });
  });

  it("creates exactly one shipment when the same event is delivered twice (the inbox)", async () => {
    const orderId = newUuid();
    const paid = orderPaid(orderId);
    expect(await deliver(paid)).toBe("handled");
    expect(await deliver(structuredClone(paid))).toBe("duplicate");
    expect(await countShipments(t.db, orderId)).toBe(1);
    const shipment = await shipmentOfOrder(t.db, orderId);
    expect((await outboxEvents(t.db, shipment.id)).map((e) => e.type)).toEqual([ShipmentCreated.type]);
  });

  it("creates exactly one shipment when both deliveries of the event race", async () => {
    const orderId = newUuid();
    const paid = orderPaid(orderId);
    const outcomes = await Promise.all([deliver(paid), deliver(structuredClone(paid))]);
    expect(outcomes.sort()).toEqual(["duplicate", "handled"]);
    expect(await countShipments(t.db, orderId)).toBe(1);
  });

  it("creates no second shipment from another OrderPaid of the same order (a republished event)", async () => {
    const orderId = newUuid();
    expect(await deliver(orderPaid(orderId))).toBe("handled");
    const first = await shipmentOfOrder(t.db, orderId);
    expect(await deliver(orderPaid(orderId))).toBe("handled");
    expect(await countShipments(t.db, orderId)).toBe(1);
    expect(await outboxEvents(t.db, first.id)).toHaveLength(1);
  });

  it("refuses a paid order without a shipping address: dead-lettered with the code, nothing written", async () => {
    const orderId = newUuid();
    const failure = await expectNoWrite(t.db, () => refusal(orderPaid(orderId, [line()], null)));
    expect(failure.reason).toBe(ShippingErrors.ADDRESS_MISSING);
    expect(failure.message).toContain(orderId);
  });
});

describe("OrderCancelled", () => {
  it("before dispatch cancels the shipment (once, however often it is delivered)", async () => {
    const created = await api.created();
    const cancelled = orderCancelled(created.orderId);
    expect(await deliver(cancelled)).toBe("handled");
    expect(await deliver(structuredClone(cancelled))).toBe("duplicate");
    expect(await deliver(orderCancelled(created.orderId))).toBe("handled");
    const shipment = shipmentOf(await api.get(created.id));
    expect(shipment).toMatchObject({ status: "Cancelled", version: 2 });
    expect(shipment.history.map((h) => h.status)).toEqual(["Pending", "Cancelled"]);
    // a cancelled shipment cannot leave
    const res = await api.dispatch(created.id, { carrier: "DHL", trackingNumber: "C1" });
    expect(res.json()).toMatchObject({ status: 409, code: ShippingErrors.NOT_PENDING });
  });

  it("after dispatch is refused with the code as the reason; the shipment stays as it is", async () => {
    const created = await api.created();
    const dispatched = shipmentOf(await api.dispatch(created.id, { carrier: "DHL", trackingNumber: "D1" }));
    const failure = await expectNoWrite(t.db, () => refusal(orderCancelled(created.orderId)));
    expect(failure.reason).toBe(ShippingErrors.ALREADY_DISPATCHED);
    expect(shipmentOf(await api.get(created.id))).toEqual(dispatched);
  });

  it("of an order shipping never heard of (cancelled before payment) does nothing", async () => {
    const before = await countShipments(t.db);
    expect(await deliver(orderCancelled(newUuid()))).toBe("handled");
    expect(await countShipments(t.db)).toBe(before);
  });
});
