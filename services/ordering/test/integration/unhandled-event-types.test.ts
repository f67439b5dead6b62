import { type EventEnvelope, subscriptionNamed } from "@ecommerce/contracts";
import { DeadLetterReasons, PermanentFailure } from "@ecommerce/messaging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import { forceStatus, line, ordersApi, snapshot } from "../support/orders-api.ts";
import {
  BILLING_SUBSCRIPTION,
  deliver,
  events,
  type Replicas,
  replicas,
  SHIPPING_SUBSCRIPTION,
} from "../support/replicas.ts";

// Ordering subscribes to billing's and shipping's outcomes before it reacts to them. Until it does,
// such an event must not be acknowledged (it would be gone for good): the delivery fails for good
// with PermanentFailure, so the bus dead-letters it at once and it can be replayed later. The
// transport side of this (a dead letter on the subscription) is in postgres-bus.test.ts.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
});
afterAll(() => t.close());

/** An order that billing and shipping could be talking about: confirmed, stock reserved. */
async function awaitingPayment() {
  const productId = await seed.product("12.50");
  const order = await api.placed([line(productId, 2)]);
  await forceStatus(t.db, order.id, "AwaitingPayment");
  return { orderId: order.id, productId };
}

const unhandled: [string, string, (o: { orderId: string; productId: string }) => EventEnvelope][] = [
  [
    BILLING_SUBSCRIPTION,
    "PaymentSucceeded",
    (o) => events.paymentSucceeded(o.orderId, { amount: "25.00", currency: "EUR" }),
  ],
  [BILLING_SUBSCRIPTION, "PaymentFailed", (o) => events.paymentFailed(o.orderId, "card declined")],
  [
    SHIPPING_SUBSCRIPTION,
    "ShipmentDispatched",
    (o) => events.shipmentDispatched(o.orderId, [{ productId: o.productId, quantity: 2 }]),
  ],
  [SHIPPING_SUBSCRIPTION, "ShipmentDelivered", (o) => events.shipmentDelivered(o.orderId)],
];

describe("an event ordering subscribes to but does not handle yet", () => {
  it.each(unhandled)(
    "%s %s fails its delivery for good, writing nothing",
    async (subscription, _name, build) => {
      const event = build(await awaitingPayment());
      // the premise: the topology does route this type to ordering
      expect(subscriptionNamed(subscription).eventTypes).toContain(event.type);

      const before = await snapshot(t.db);
      const failure = await deliver(t.handleEvent, subscription, event).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(PermanentFailure);
      expect(failure).toMatchObject({ reason: DeadLetterReasons.unhandledEventType });
      expect((failure as Error).message).toContain(event.type);
      // no inbox row: a replay once ordering handles the type is a first delivery, not a duplicate
      expect(await snapshot(t.db)).toEqual(before);

      // a redelivery (or a replay before ordering handles it) is refused the same way
      await expect(deliver(t.handleEvent, subscription, event)).rejects.toMatchObject({
        reason: DeadLetterReasons.unhandledEventType,
      });
    },
  );
});
