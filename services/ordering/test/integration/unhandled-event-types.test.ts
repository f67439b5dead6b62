import { createEvent, type EventEnvelope, PaymentRefunded, subscriptionNamed } from "@ecommerce/contracts";
import { DeadLetterReasons, PermanentFailure } from "@ecommerce/messaging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import { newUuid, snapshot } from "../support/orders-api.ts";
import {
  BILLING_SUBSCRIPTION,
  CATALOG_SUBSCRIPTION,
  CUSTOMER_SUBSCRIPTION,
  deliver,
  events,
  SHIPPING_SUBSCRIPTION,
} from "../support/replicas.ts";

// Every type the topology routes to ordering has a handler: none of them is dead-lettered as
// UnhandledEventType (which is what happened to billing's and shipping's outcomes while ordering
// only subscribed to them). A type arriving without a handler is still refused for good, without
// an inbox row, so that it can be replayed once a version of ordering handles it
// (replicas.test.ts: a stray StockLow).

let t: OrderingTestApp;
beforeAll(async () => {
  t = await createOrderingTestApp();
});
afterAll(() => t.close());

const productId = newUuid();
const customerId = newUuid();
/**
 * One event of each type ordering's subscriptions receive, in an order the replicas accept (the
 * creation first); the lifecycle's are about orders ordering does not know.
 */
const routed: [string, () => EventEnvelope][] = [
  [CUSTOMER_SUBSCRIPTION, () => events.customerRegistered(customerId)],
  [CUSTOMER_SUBSCRIPTION, () => events.customerProfileUpdated(customerId, "Ada")],
  [CUSTOMER_SUBSCRIPTION, () => events.customerAddressChanged(customerId, null)],
  [CUSTOMER_SUBSCRIPTION, () => events.customerDeactivated(customerId)],
  [CATALOG_SUBSCRIPTION, () => events.productCreated(productId, { amount: "1.00", currency: "EUR" })],
  [CATALOG_SUBSCRIPTION, () => events.productPriceChanged(productId, { amount: "2.00", currency: "EUR" })],
  [CATALOG_SUBSCRIPTION, () => events.productDiscontinued(productId)],
  [CATALOG_SUBSCRIPTION, () => events.stockReserved(newUuid(), [{ productId, quantity: 1 }])],
  [
    CATALOG_SUBSCRIPTION,
    () => events.stockReservationFailed(newUuid(), [{ productId, requested: 1, available: 0 }]),
  ],
  [BILLING_SUBSCRIPTION, () => events.paymentSucceeded(newUuid(), { amount: "1.00", currency: "EUR" })],
  [BILLING_SUBSCRIPTION, () => events.paymentFailed(newUuid(), "card declined")],
  [SHIPPING_SUBSCRIPTION, () => events.shipmentDispatched(newUuid(), [{ productId, quantity: 1 }])],
  [SHIPPING_SUBSCRIPTION, () => events.shipmentDelivered(newUuid())],
];

describe("the types the topology routes to ordering", () => {
  it("are exactly the ones this test delivers (a new routed type needs a handler and a case here)", () => {
    const expected = new Map<string, string[]>();
    for (const [subscription, build] of routed) {
      expected.set(subscription, [...(expected.get(subscription) ?? []), build().type]);
    }
    for (const [subscription, types] of expected) {
      expect([...subscriptionNamed(subscription).eventTypes].sort(), subscription).toEqual(types.sort());
    }
    expect([...expected.keys()].sort()).toEqual(
      [CUSTOMER_SUBSCRIPTION, CATALOG_SUBSCRIPTION, BILLING_SUBSCRIPTION, SHIPPING_SUBSCRIPTION].sort(),
    );
  });

  it.each(routed.map(([subscription, build]) => [subscription, build().type, build] as const))(
    "%s %s has a handler: not dead-lettered as UnhandledEventType",
    async (subscription, _type, build) => {
      const outcome = await deliver(t.handleEvent, subscription, build()).then(
        (handled) => handled,
        (error: unknown) => error,
      );
      // handled, or refused by the handler itself (an order ordering does not know): never unhandled
      if (outcome instanceof PermanentFailure) {
        expect(outcome.reason).not.toBe(DeadLetterReasons.unhandledEventType);
      } else {
        expect(outcome).toBe("handled");
      }
    },
  );
});

describe("a type ordering has no handler for, arriving on one of its subscriptions anyway", () => {
  it("is refused for good as UnhandledEventType, writing nothing (no inbox row), also when redelivered", async () => {
    // PaymentRefunded is billing's, but not routed to ordering: nothing in ordering depends on it
    const refunded = createEvent(
      PaymentRefunded,
      { orderId: newUuid(), invoiceId: newUuid(), amount: { amount: "1.00", currency: "EUR" } },
      { correlationId: newUuid() },
    );
    expect(subscriptionNamed(BILLING_SUBSCRIPTION).eventTypes).not.toContain(refunded.type);
    const before = await snapshot(t.db);
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(deliver(t.handleEvent, BILLING_SUBSCRIPTION, refunded)).rejects.toMatchObject({
        name: "PermanentFailure",
        reason: DeadLetterReasons.unhandledEventType,
      });
    }
    expect(await snapshot(t.db)).toEqual(before);
  });
});
