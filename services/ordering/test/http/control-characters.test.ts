import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  expectNoWrite,
  expectValidationError,
  line,
  type OrderJson,
  orderOf,
  ordersApi,
} from "../support/orders-api.ts";
import { address, replicas } from "../support/replicas.ts";

// PostgreSQL text cannot hold U+0000, and no name, address line or reason holds a control character:
// such text once reached the database and answered 500. The shared bounded-text schema refuses it at
// the edge with a 400 naming the field, and nothing is written.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let customerId: string;
let productId: string;
let order: OrderJson;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  const seed = replicas(t);
  customerId = await seed.customer();
  productId = await seed.product("12.50");
  order = await api.placed([line(productId, 1)], customerId);
});
afterAll(() => t.close());

const CONTROL: [string, string][] = [
  ["NUL", "a\u0000b"],
  ["BEL", "a\u0007b"],
  ["ESC", "\u001b[31mred"],
  ["DEL", "a\u007fb"],
  ["a lone surrogate", "a\uD800b"],
];

const ADDRESS_FIELDS = ["recipient", "line1", "line2", "postalCode", "city", "region"] as const;

describe("a control character in a shipping address", () => {
  for (const field of ADDRESS_FIELDS) {
    it.each(CONTROL)(`${field} with %s → 400 naming the field, nothing written`, async (_what, text) => {
      const res = await expectNoWrite(t.db, () =>
        api.place({
          customerId,
          lines: [line(productId, 1)],
          shippingAddress: { ...address(), [field]: text },
        }),
      );
      expectValidationError(res, `body.shippingAddress.${field}`);
    });
  }

  it("a newline in an address line → 400 (an address line is one line)", async () => {
    const res = await expectNoWrite(t.db, () =>
      api.place({
        customerId,
        lines: [line(productId, 1)],
        shippingAddress: { ...address(), line1: "12 Main\nStreet" },
      }),
    );
    expectValidationError(res, "body.shippingAddress.line1");
  });
});

describe("a control character in a cancellation reason", () => {
  it.each(CONTROL)("%s → 400 naming the field, the order unchanged", async (_what, text) => {
    const res = await expectNoWrite(t.db, () => api.cancel(order.id, text));
    expectValidationError(res, "body.reason");
  });

  it("a reason may still span lines (tab, newline, carriage return)", async () => {
    const placed = await api.placed([line(productId, 1)], customerId);
    const cancelled = orderOf(await api.cancel(placed.id, "changed my mind:\r\n\tfound it cheaper"));
    expect(cancelled.cancellationReason).toBe("changed my mind:\r\n\tfound it cheaper");
  });
});
