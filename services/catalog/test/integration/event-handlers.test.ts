import { ContractViolationError } from "@ecommerce/contracts";
import { DeadLetterReasons, PermanentFailure } from "@ecommerce/messaging";
import { auditRows } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogApi, newUuid, type ProductJson, snapshot } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import {
  ORDERING_SUBSCRIPTION,
  orderCancelled,
  orderConfirmed,
  SHIPPING_SUBSCRIPTION,
  shipmentDispatched,
} from "../support/events.ts";

// The consumers handle each event through the mediator: the event is checked once, against its
// contract; the handler's command (ReserveStock, ...) is validated by its own schema, logged and
// audited like any other; a refusal writes nothing, not even the inbox row.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let product: ProductJson;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  product = await api.product({ initialStock: 10 });
});
afterAll(() => t.close());

async function refusedWithoutWrite(deliver: () => Promise<unknown>): Promise<unknown> {
  const before = await snapshot(t.db);
  const error = await deliver().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the delivery was accepted").toBeDefined();
  expect(await snapshot(t.db)).toEqual(before);
  return error;
}

describe("events that break their contract", () => {
  const confirmed = () => orderConfirmed(newUuid(), [{ productId: product.id, quantity: 1 }]);
  const withLine = (line: Record<string, unknown>) => {
    const event = confirmed();
    return { ...event, data: { ...event.data, lines: [{ ...event.data.lines[0], ...line }] } };
  };
  it.each([
    ["a line of 0 units", () => withLine({ quantity: 0 }), "/data/lines/0/quantity"],
    ["a product id that is not a uuid", () => withLine({ productId: "phone" }), "/data/lines/0/productId"],
    ["no lines", () => ({ ...confirmed(), data: { ...confirmed().data, lines: [] } }), "/data/lines"],
    ["an event id that is not a uuid", () => ({ ...confirmed(), id: "event-1" }), "/id"],
  ])("%s: ContractViolationError (dead-lettered at once), nothing written", async (_case, build, path) => {
    const error = await refusedWithoutWrite(() => t.handleEvent(ORDERING_SUBSCRIPTION, build()));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).issues.map((i) => i.path)).toContain(path);
  });
});

describe("an event type its subscription has no handler for", () => {
  it("is a PermanentFailure UnhandledEventType naming the type, with no inbox row (not acknowledged)", async () => {
    const event = orderConfirmed(newUuid(), [{ productId: product.id, quantity: 1 }]);
    const error = await refusedWithoutWrite(() => t.handleEvent(SHIPPING_SUBSCRIPTION, event));
    expect(error).toBeInstanceOf(PermanentFailure);
    expect(error).toMatchObject({ reason: DeadLetterReasons.unhandledEventType });
    expect((error as Error).message).toContain(event.type);
    // handled once it arrives where a handler is
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, event)).toBe("handled");
  });
});

describe("event handlers go through the mediator pipeline", () => {
  it("the event and the command it causes are both audited, as the publishing context, in its correlation", async () => {
    const orderId = newUuid();
    const event = orderConfirmed(orderId, [{ productId: product.id, quantity: 2 }]);
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, event)).toBe("handled");
    const trail = await auditRows(t.db, { correlationId: event.correlationid });
    expect(trail.map((e) => [e.command, e.targetId, e.actor.subject, e.outcome, e.causationId])).toEqual([
      [`HandleIntegrationEvent(${event.type})`, orderId, "event:ordering", "succeeded", event.id],
      ["ReserveStock", orderId, "event:ordering", "succeeded", event.id],
    ]);
    // A refusal of the command (no reservation to commit) dead-letters the event: the handling rolls
    // back, the command's row with it, and the event's row, written after, carries the refusal's code.
    const dispatched = shipmentDispatched(newUuid(), [{ productId: product.id, quantity: 1 }]);
    const error = await refusedWithoutWrite(() => t.handleEvent(SHIPPING_SUBSCRIPTION, dispatched));
    expect(error).toMatchObject({ reason: "reservation.not_found" });
    const refused = await auditRows(t.db, { correlationId: dispatched.correlationid });
    expect(refused.map((e) => [e.command, e.actor.subject, e.outcome])).toEqual([
      [`HandleIntegrationEvent(${dispatched.type})`, "event:shipping", "reservation.not_found"],
    ]);
  });

  it("a cancellation releases through ReleaseReservation, once however often it is delivered", async () => {
    const orderId = newUuid();
    await t.handleEvent(
      ORDERING_SUBSCRIPTION,
      orderConfirmed(orderId, [{ productId: product.id, quantity: 1 }]),
    );
    const cancelled = orderCancelled(orderId);
    const outcomes = await Promise.all([1, 2, 3].map(() => t.handleEvent(ORDERING_SUBSCRIPTION, cancelled)));
    expect(outcomes.sort()).toEqual(["duplicate", "duplicate", "handled"]);
    const trail = await auditRows(t.db, { correlationId: cancelled.correlationid });
    expect(trail.filter((e) => e.command === "ReleaseReservation")).toHaveLength(1);
  });
});
