import { randomUUID } from "node:crypto";
import { ContractViolationError, type EventEnvelope } from "@ecommerce/contracts";
import type { Command, Query } from "@ecommerce/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddOrderLine } from "../../src/application/commands/add-order-line.ts";
import { CancelOrder } from "../../src/application/commands/cancel-order.ts";
import { ConfirmOrder } from "../../src/application/commands/confirm-order.ts";
import { PlaceOrder } from "../../src/application/commands/place-order.ts";
import type { RequestedLine } from "../../src/application/ports.ts";
import { GetOrder } from "../../src/application/queries/get-order.ts";
import { ListOrders, MAX_CURSOR_LENGTH, MAX_PAGE_SIZE } from "../../src/application/queries/list-orders.ts";
import { MAX_LINES_PER_ORDER, MAX_REASON_LENGTH } from "../../src/domain/order.ts";
import { MAX_QUANTITY_PER_LINE } from "../../src/domain/order-line.ts";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import { line, snapshot } from "../support/orders-api.ts";
import { expectRefused } from "../support/refusals.ts";
import { address, CATALOG_SUBSCRIPTION, events, replicas } from "../support/replicas.ts";

// Commands reach the mediator from HTTP, from integration events and from scripts; only the first
// passes an HTTP schema. Each message's own schema is the second line of defence, so every case
// here goes straight to the mediator with one defect, one that the handler, the domain or
// PostgreSQL would otherwise have met (and some, like a price on a line, would have let through).

let t: OrderingTestApp;
let customerId: string;
let productId: string;
let orderId: string;
beforeAll(async () => {
  t = await createOrderingTestApp();
  const seed = replicas(t);
  customerId = await seed.customer();
  productId = await seed.product("12.50");
  orderId = await t.mediator.send(new PlaceOrder(customerId, [line(productId, 2)]));
});
afterAll(() => t.close());

/** Values the TypeScript types forbid but a script or a hand-built event may still carry. */
const loose = <T>(value: unknown) => value as T;
const withLine = (patch: Record<string, unknown>) =>
  loose<RequestedLine>({ ...line(productId, 2), ...patch });
const withAddress = (patch: Record<string, unknown>) =>
  new PlaceOrder(customerId, [line(productId)], loose({ ...address(), ...patch }));

const commands: [string, () => Command<unknown>, string][] = [
  ["PlaceOrder: customerId not a UUID", () => new PlaceOrder("customer-1", []), "customerId"],
  ["PlaceOrder: customerId oversize", () => new PlaceOrder("a".repeat(10_000), []), "customerId"],
  ["PlaceOrder: lines null", () => new PlaceOrder(customerId, loose(null)), "lines"],
  [
    "PlaceOrder: more lines than an order holds",
    () =>
      new PlaceOrder(
        customerId,
        Array.from({ length: MAX_LINES_PER_ORDER + 1 }, () => line(productId)),
      ),
    "lines",
  ],
  [
    "PlaceOrder: quantity 0",
    () => new PlaceOrder(customerId, [withLine({ quantity: 0 })]),
    "lines.0.quantity",
  ],
  [
    "PlaceOrder: quantity above the maximum",
    () => new PlaceOrder(customerId, [withLine({ quantity: MAX_QUANTITY_PER_LINE + 1 })]),
    "lines.0.quantity",
  ],
  [
    "PlaceOrder: quantity fractional",
    () => new PlaceOrder(customerId, [withLine({ quantity: 1.5 })]),
    "lines.0.quantity",
  ],
  [
    "PlaceOrder: quantity a string",
    () => new PlaceOrder(customerId, [withLine({ quantity: "2" })]),
    "lines.0.quantity",
  ],
  [
    "PlaceOrder: productId not a UUID",
    () => new PlaceOrder(customerId, [withLine({ productId: "sku-1" })]),
    "lines.0.productId",
  ],
  [
    "PlaceOrder: a price on a line (ordering prices lines itself)",
    () => new PlaceOrder(customerId, [withLine({ unitPrice: { amount: "0.01", currency: "EUR" } })]),
    "lines.0.unitPrice",
  ],
  ["PlaceOrder: address null", () => new PlaceOrder(customerId, [], loose(null)), "shippingAddress"],
  [
    "PlaceOrder: address recipient oversize",
    () => withAddress({ recipient: "x".repeat(201) }),
    "shippingAddress.recipient",
  ],
  ["PlaceOrder: address line1 empty", () => withAddress({ line1: "" }), "shippingAddress.line1"],
  ["PlaceOrder: address country lowercase", () => withAddress({ country: "nl" }), "shippingAddress.country"],
  ["PlaceOrder: an unknown address field", () => withAddress({ phone: "+31" }), "shippingAddress.phone"],
  ["AddOrderLine: orderId not a UUID", () => new AddOrderLine("order-1", line(productId)), "orderId"],
  ["AddOrderLine: quantity 0", () => new AddOrderLine(orderId, withLine({ quantity: 0 })), "line.quantity"],
  [
    "AddOrderLine: quantity above the maximum",
    () => new AddOrderLine(orderId, withLine({ quantity: MAX_QUANTITY_PER_LINE + 1 })),
    "line.quantity",
  ],
  [
    "AddOrderLine: quantity negative",
    () => new AddOrderLine(orderId, withLine({ quantity: -3 })),
    "line.quantity",
  ],
  [
    "AddOrderLine: productId not a UUID",
    () => new AddOrderLine(orderId, withLine({ productId: "sku-1" })),
    "line.productId",
  ],
  [
    "AddOrderLine: a price on the line",
    () => new AddOrderLine(orderId, withLine({ unitPrice: { amount: "0.01", currency: "EUR" } })),
    "line.unitPrice",
  ],
  ["ConfirmOrder: orderId not a UUID", () => new ConfirmOrder("order-1"), "orderId"],
  ["ConfirmOrder: orderId oversize", () => new ConfirmOrder("0".repeat(10_000)), "orderId"],
  ["CancelOrder: orderId not a UUID", () => new CancelOrder("order-1", "changed my mind"), "orderId"],
  ["CancelOrder: reason empty", () => new CancelOrder(orderId, ""), "reason"],
  [
    "CancelOrder: reason oversize",
    () => new CancelOrder(orderId, "x".repeat(MAX_REASON_LENGTH + 1)),
    "reason",
  ],
  ["CancelOrder: reason not a string", () => new CancelOrder(orderId, loose(42)), "reason"],
];

describe("a malformed command sent straight to the mediator", () => {
  it.each(commands)("%s: refused (validation_failed) and nothing written", async (_case, build, field) => {
    await expectRefused(t.db, () => t.mediator.send(build()), field);
  });
});

const queries: [string, () => Query<unknown>, string][] = [
  ["GetOrder: orderId not a UUID", () => new GetOrder("order-1"), "orderId"],
  [
    "ListOrders: customerId not a UUID",
    () => new ListOrders({ customerId: "customer-1" }, undefined, 20),
    "customerId",
  ],
  ["ListOrders: limit 0", () => new ListOrders({ customerId: customerId }, undefined, 0), "limit"],
  [
    "ListOrders: limit above the maximum",
    () => new ListOrders({ customerId: customerId }, undefined, MAX_PAGE_SIZE + 1),
    "limit",
  ],
  ["ListOrders: limit fractional", () => new ListOrders({ customerId: customerId }, undefined, 2.5), "limit"],
  [
    "ListOrders: cursor oversize",
    () => new ListOrders({ customerId: customerId }, "x".repeat(MAX_CURSOR_LENGTH + 1), 20),
    "cursor",
  ],
];

describe("a malformed query sent straight to the mediator", () => {
  it.each(queries)("%s: refused (validation_failed)", async (_case, build, field) => {
    await expectRefused(t.db, () => t.mediator.ask(build()), field);
  });
});

/** An event ProductCreated would carry, with one part of it replaced. */
function productCreated(patch: (event: EventEnvelope) => Record<string, unknown>) {
  const event = events.productCreated(randomUUID(), { amount: "12.50", currency: "EUR" });
  return { ...event, ...patch(event) };
}

// An event is checked once, against its contract, where ordering's consumer receives it: a defect is
// a ContractViolationError (dead-lettered at once) naming the offending path, and nothing is written.
const integrationEvents: [string, () => Record<string, unknown>, RegExp][] = [
  [
    "an envelope whose subject is oversize",
    () => productCreated(() => ({ subject: "s".repeat(201) })),
    /\/subject/,
  ],
  [
    "data whose productId is not a UUID",
    () => productCreated((e) => ({ data: { ...(e.data as object), productId: "sku-1" } })),
    /\/data\/productId/,
  ],
  [
    "a price with more digits than its currency has",
    () =>
      productCreated((e) => ({
        data: { ...(e.data as object), price: { amount: "12.5", currency: "EUR" } },
      })),
    /\/data\/price .*2 decimal places/,
  ],
  [
    "a source that is not its type's context",
    () => productCreated(() => ({ source: "/billing" })),
    /\/source/,
  ],
  [
    "a type the catalogue does not have",
    () => productCreated(() => ({ type: "ecommerce.catalog.product-renamed.v1" })),
    /not an event of the catalogue/,
  ],
  ["a sequence that is not a positive integer", () => productCreated(() => ({ sequence: 0 })), /\/sequence/],
];

describe("a malformed event handed to ordering's consumer", () => {
  it.each(integrationEvents)(
    "%s: refused (ContractViolationError), no inbox row, no replica change",
    async (_case, build, message) => {
      const before = await snapshot(t.db);
      const error = await t.handleEvent(CATALOG_SUBSCRIPTION, build()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContractViolationError);
      expect((error as Error).message).toMatch(message);
      expect(await snapshot(t.db)).toEqual(before);
    },
  );

  it("an event on a subscription that is not ordering's is not consumed at all", async () => {
    const before = await snapshot(t.db);
    await expect(
      t.handleEvent(
        "ordering.catalog",
        productCreated(() => ({})),
      ),
    ).rejects.toThrow(/no consumer for subscription ordering.catalog/);
    expect(await snapshot(t.db)).toEqual(before);
  });
});
