import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnOrderCancelled } from "../../src/application/integration/on-order-cancelled.ts";
import { OnOrderConfirmed } from "../../src/application/integration/on-order-confirmed.ts";
import { OnShipmentDispatched } from "../../src/application/integration/on-shipment-dispatched.ts";
import { MAX_UNITS_PER_LINE } from "../../src/domain/reservation.ts";
import { catalogApi, newUuid, type ProductJson } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import {
  ORDERING_SUBSCRIPTION,
  orderCancelled,
  orderConfirmed,
  SHIPPING_SUBSCRIPTION,
  shipmentDispatched,
} from "../support/events.ts";
import { expectRefused } from "../support/refused.ts";

// The commands the event subscriptions send. Their handlers hand the reservation commands straight
// to the reservation handlers, so these schemas are what checks an event's order and lines when the
// command does not come through parseEvent (a script, a replay tool): refused with validation_failed
// naming the field, before the inbox records the event, so nothing is written.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let product: ProductJson;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  product = await api.product({ initialStock: 10 });
});
afterAll(() => t.close());

const refused = (message: Parameters<typeof expectRefused>[1], fields: string[]) =>
  expectRefused(t, message, fields);

describe("OnOrderConfirmed", () => {
  const confirmed = (quantity: number, productId = product.id) =>
    orderConfirmed(newUuid(), [{ productId, quantity }]);
  const withLine = (line: Record<string, unknown>) => {
    const event = confirmed(1);
    return { ...event, data: { ...event.data, lines: [{ ...event.data.lines[0], ...line }] } } as never;
  };

  it("refuses a line of 0 units, above the per-line maximum, or of a product id that is not a uuid", async () => {
    await refused(new OnOrderConfirmed(ORDERING_SUBSCRIPTION, withLine({ quantity: 0 })), [
      "event.data.lines.0.quantity",
    ]);
    await refused(
      new OnOrderConfirmed(ORDERING_SUBSCRIPTION, withLine({ quantity: MAX_UNITS_PER_LINE + 1 })),
      ["event.data.lines.0.quantity"],
    );
    await refused(new OnOrderConfirmed(ORDERING_SUBSCRIPTION, withLine({ productId: "phone" })), [
      "event.data.lines.0.productId",
    ]);
    const event = confirmed(3);
    expect(await t.mediator.send(new OnOrderConfirmed(ORDERING_SUBSCRIPTION, event))).toBe("handled");
    expect(await api.stock(product.id)).toMatchObject({ reserved: 3 });
  });

  it("refuses no lines, an order or event id that is not a uuid, another event type, another subscription", async () => {
    const event = confirmed(1);
    await refused(
      new OnOrderConfirmed(ORDERING_SUBSCRIPTION, { ...event, data: { ...event.data, lines: [] } }),
      ["event.data.lines"],
    );
    await refused(
      new OnOrderConfirmed(ORDERING_SUBSCRIPTION, { ...event, data: { ...event.data, orderId: "order-1" } }),
      ["event.data.orderId"],
    );
    await refused(new OnOrderConfirmed(ORDERING_SUBSCRIPTION, { ...event, id: "event-1" }), ["event.id"]);
    await refused(new OnOrderConfirmed(ORDERING_SUBSCRIPTION, orderCancelled(newUuid()) as never), [
      "event.type",
      "event.data",
    ]);
    // the inbox keys on the subscription: under another name a redelivery would reserve twice
    await refused(new OnOrderConfirmed(SHIPPING_SUBSCRIPTION, event), ["subscription"]);
    expect(await t.mediator.send(new OnOrderConfirmed(ORDERING_SUBSCRIPTION, event))).toBe("handled");
  });
});

describe("OnOrderCancelled", () => {
  it("refuses an order id that is not a uuid and another subscription", async () => {
    const event = orderCancelled(newUuid());
    await refused(
      new OnOrderCancelled(ORDERING_SUBSCRIPTION, { ...event, data: { ...event.data, orderId: "order-1" } }),
      ["event.data.orderId"],
    );
    await refused(new OnOrderCancelled(SHIPPING_SUBSCRIPTION, event), ["subscription"]);
    expect(await t.mediator.send(new OnOrderCancelled(ORDERING_SUBSCRIPTION, event))).toBe("handled");
  });
});

describe("OnShipmentDispatched", () => {
  it("refuses an order id that is not a uuid and another subscription", async () => {
    const orderId = newUuid();
    const lines = [{ productId: product.id, quantity: 1 }];
    await t.mediator.send(new OnOrderConfirmed(ORDERING_SUBSCRIPTION, orderConfirmed(orderId, lines)));
    const event = shipmentDispatched(orderId, lines);
    await refused(
      new OnShipmentDispatched(SHIPPING_SUBSCRIPTION, {
        ...event,
        data: { ...event.data, orderId: "order-1" },
      }),
      ["event.data.orderId"],
    );
    await refused(new OnShipmentDispatched(ORDERING_SUBSCRIPTION, event), ["subscription"]);
    expect(await t.mediator.send(new OnShipmentDispatched(SHIPPING_SUBSCRIPTION, event))).toBe("handled");
  });
});
