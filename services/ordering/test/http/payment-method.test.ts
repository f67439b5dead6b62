import { OrderAwaitingPayment } from "@ecommerce/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlaceOrder } from "../../src/application/commands/place-order.ts";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  expectNoWrite,
  expectValidationError,
  line,
  type OrderJson,
  orderOf,
  ordersApi,
} from "../support/orders-api.ts";
import { outboxRows } from "../support/outbox.ts";
import { expectRefused } from "../support/refusals.ts";
import { events, type Replicas, replicas } from "../support/replicas.ts";

// POST /orders takes an optional payment method, the payment provider's token (default tok_ok).
// Ordering keeps it with the order and hands it to billing in OrderAwaitingPayment; it does not show
// it in the order document.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
let customerId: string;
let productId: string;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
  customerId = await seed.customer();
  productId = await seed.product("12.50");
});
afterAll(() => t.close());

async function storedToken(orderId: string): Promise<string | undefined> {
  const rows = await t.db.$queryRawUnsafe<{ payment_token: string }[]>(
    "SELECT payment_token FROM orders WHERE id = $1::uuid",
    orderId,
  );
  return rows[0]?.payment_token;
}

/** Confirms the order and has catalog reserve its stock; returns the paymentMethod billing hears of. */
async function paymentMethodForBilling(order: OrderJson): Promise<unknown> {
  orderOf(await api.confirm(order.id));
  await seed.fromCatalog(events.stockReserved(order.id, [{ productId, quantity: 1 }]));
  const awaiting = (await outboxRows(t.db, order.id)).at(-1)!.event;
  expect(awaiting.type).toBe(OrderAwaitingPayment.type);
  return (awaiting.data as { paymentMethod?: unknown }).paymentMethod;
}

describe("POST /orders with a paymentMethod", () => {
  it.each(["tok_decline", "tok_transient", "tok_timeout", "A-z_09", "t".repeat(100)])(
    "accepts the token %s, stores it and hands it to billing once the stock is reserved",
    async (token) => {
      const order = orderOf(
        await api.place({ customerId, lines: [line(productId)], paymentMethod: { token } }),
        201,
      );
      expect(order).not.toHaveProperty("paymentMethod");
      expect(await storedToken(order.id)).toBe(token);
      expect(await paymentMethodForBilling(order)).toEqual({ token });
    },
  );

  it("without one, the order pays with tok_ok", async () => {
    const order = orderOf(await api.place({ customerId, lines: [line(productId)] }), 201);
    expect(await storedToken(order.id)).toBe("tok_ok");
    expect(await paymentMethodForBilling(order)).toEqual({ token: "tok_ok" });
  });

  it.each<[string, unknown, string]>([
    ["an empty token", { token: "" }, "body.paymentMethod.token"],
    ["a token with a space", { token: "tok ok" }, "body.paymentMethod.token"],
    ["a token with a dot", { token: "tok.ok" }, "body.paymentMethod.token"],
    ["a token of 101 characters", { token: "t".repeat(101) }, "body.paymentMethod.token"],
    ["a token with a newline", { token: "tok_ok\n" }, "body.paymentMethod.token"],
    ["a number as token", { token: 4111111111111111 }, "body.paymentMethod.token"],
    ["no token", {}, "body.paymentMethod.token"],
    [
      "a card number beside the token",
      { token: "tok_ok", cardNumber: "4111" },
      "body.paymentMethod.cardNumber",
    ],
    ["a string instead of an object", "tok_ok", "body.paymentMethod"],
    ["null", null, "body.paymentMethod"],
  ])("refuses %s → 400 naming the field, nothing written", async (_what, paymentMethod, field) => {
    const res = await expectNoWrite(t.db, () =>
      api.place({ customerId, lines: [line(productId)], paymentMethod }),
    );
    expectValidationError(res, field);
  });

  it("a PlaceOrder sent straight to the mediator with a bad token is refused by its own schema", async () => {
    await expectRefused(
      t.db,
      () => t.mediator.send(new PlaceOrder(customerId, [line(productId)], undefined, { token: "tok ok" })),
      "paymentMethod.token",
    );
  });

  it("the OpenAPI document declares it, with the token's pattern", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const place = doc.paths["/orders"].post.requestBody.content["application/json"].schema;
    expect(place.required).not.toContain("paymentMethod");
    expect(place.properties.paymentMethod).toMatchObject({
      type: "object",
      required: ["token"],
      additionalProperties: false,
      properties: { token: { type: "string", pattern: "^[A-Za-z0-9_-]{1,100}$" } },
    });
  });
});
