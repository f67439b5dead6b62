import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  expectNoWrite,
  expectProblem,
  expectValidationError,
  line,
  newUuid,
  type OrderJson,
  ordersApi,
} from "../support/orders-api.ts";

// Bad input is a 400 naming the field, never a 500 and never a partial write. Bodies are validated
// strictly: "2" is not a quantity and unknown fields are refused.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let order: OrderJson;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  order = await api.placed([line(newUuid(), 2, "12.50")]);
});
afterAll(() => t.close());

const validLine = () => line(newUuid(), 2, "12.50");
type Body = Record<string, unknown>;
const withLine = (patch: (l: Body) => Body) => (): Body => ({
  customerId: newUuid(),
  lines: [patch(validLine())],
});
const withPrice = (unitPrice: unknown) => withLine((l) => ({ ...l, unitPrice }));
const without = (body: Body, key: string) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));

const placeOrderCases: [string, () => unknown, string][] = [
  ["customerId missing", () => ({ lines: [] }), "body.customerId"],
  ["lines missing", () => ({ customerId: newUuid() }), "body.lines"],
  ["customerId not a UUID", () => ({ customerId: "customer-1", lines: [] }), "body.customerId"],
  ["customerId a number", () => ({ customerId: 42, lines: [] }), "body.customerId"],
  ["customerId oversize", () => ({ customerId: "a".repeat(10_000), lines: [] }), "body.customerId"],
  ["lines not an array", () => ({ customerId: newUuid(), lines: validLine() }), "body.lines"],
  ["lines null", () => ({ customerId: newUuid(), lines: null }), "body.lines"],
  ["a line that is not an object", () => ({ customerId: newUuid(), lines: ["x"] }), "body.lines.0"],
  ["productId missing", withLine((l) => without(l, "productId")), "body.lines.0.productId"],
  ["productId not a UUID", withLine((l) => ({ ...l, productId: "sku-1" })), "body.lines.0.productId"],
  ["quantity missing", withLine((l) => without(l, "quantity")), "body.lines.0.quantity"],
  ["quantity a string", withLine((l) => ({ ...l, quantity: "2" })), "body.lines.0.quantity"],
  ["quantity zero", withLine((l) => ({ ...l, quantity: 0 })), "body.lines.0.quantity"],
  ["quantity negative", withLine((l) => ({ ...l, quantity: -3 })), "body.lines.0.quantity"],
  ["quantity fractional", withLine((l) => ({ ...l, quantity: 1.5 })), "body.lines.0.quantity"],
  ["quantity above the maximum", withLine((l) => ({ ...l, quantity: 10_001 })), "body.lines.0.quantity"],
  ["quantity null", withLine((l) => ({ ...l, quantity: null })), "body.lines.0.quantity"],
  ["unitPrice missing", withLine((l) => without(l, "unitPrice")), "body.lines.0.unitPrice"],
  ["unitPrice a number", withPrice(12.5), "body.lines.0.unitPrice"],
  ["amount negative", withPrice({ amount: "-1.00", currency: "EUR" }), "body.lines.0.unitPrice.amount"],
  ["amount a number", withPrice({ amount: 12.5, currency: "EUR" }), "body.lines.0.unitPrice.amount"],
  ["amount not decimal", withPrice({ amount: "12,50", currency: "EUR" }), "body.lines.0.unitPrice.amount"],
  ["amount in exponent form", withPrice({ amount: "1e3", currency: "EUR" }), "body.lines.0.unitPrice.amount"],
  ["amount empty", withPrice({ amount: "", currency: "EUR" }), "body.lines.0.unitPrice.amount"],
  [
    "amount oversize",
    withPrice({ amount: "1".repeat(16), currency: "EUR" }),
    "body.lines.0.unitPrice.amount",
  ],
  ["amount missing", withPrice({ currency: "EUR" }), "body.lines.0.unitPrice.amount"],
  ["currency lowercase", withPrice({ amount: "1.00", currency: "eur" }), "body.lines.0.unitPrice.currency"],
  ["currency too long", withPrice({ amount: "1.00", currency: "EURO" }), "body.lines.0.unitPrice.currency"],
  ["currency missing", withPrice({ amount: "1.00" }), "body.lines.0.unitPrice.currency"],
  [
    "order currency malformed",
    () => ({ customerId: newUuid(), currency: "euro", lines: [] }),
    "body.currency",
  ],
  [
    "an unknown top-level field",
    () => ({ customerId: newUuid(), lines: [], discount: "10" }),
    "body.discount",
  ],
  ["an unknown field on a line", withLine((l) => ({ ...l, discount: 1 })), "body.lines.0.discount"],
  [
    "an unknown field on a price",
    withPrice({ amount: "1.00", currency: "EUR", tax: "0.20" }),
    "body.lines.0.unitPrice.tax",
  ],
  ["a body that is an array", () => [], "body"],
];

describe("POST /orders validation", () => {
  it.each(placeOrderCases)("%s → 400 naming the field, nothing written", async (_what, body, field) => {
    const res = await expectNoWrite(t.db, () => api.place(body()));
    expectValidationError(res, field);
  });

  it("reports every invalid field at once", async () => {
    const res = await api.place({
      customerId: "nope",
      lines: [{ productId: newUuid(), quantity: "2", unitPrice: { amount: "-1", currency: "eur" } }],
    });
    const problem = expectValidationError(res, "body.customerId");
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(
      [
        "body.customerId",
        "body.lines.0.quantity",
        "body.lines.0.unitPrice.amount",
        "body.lines.0.unitPrice.currency",
      ].sort(),
    );
  });

  it("bad JSON → 400 problem, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({
        method: "POST",
        url: "/orders",
        headers: { "content-type": "application/json" },
        payload: '{"customerId": "x", "lines": [',
      }),
    );
    expectProblem(res, 400, "ctp_invalid_json_body");
  });

  it("an empty JSON body → 400 problem, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({
        method: "POST",
        url: "/orders",
        headers: { "content-type": "application/json" },
        payload: "",
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("a body that is not JSON → 4xx problem, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({
        method: "POST",
        url: "/orders",
        headers: { "content-type": "text/plain" },
        payload: "order",
      }),
    );
    expect([400, 415]).toContain(res.statusCode);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: res.statusCode, code: expect.any(String) });
  });

  it("a JSON string instead of an object → 400, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({
        method: "POST",
        url: "/orders",
        headers: { "content-type": "application/json" },
        payload: '"order"',
      }),
    );
    expectValidationError(res, "body");
  });

  it("no content type → 415 problem, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({ method: "POST", url: "/orders", payload: "order" }),
    );
    expectProblem(res, 415, "ctp_invalid_media_type");
  });

  it("a body over the size limit → 413 problem, nothing written", async () => {
    const res = await expectNoWrite(t.db, () =>
      api.place({ customerId: newUuid(), lines: [], padding: "x".repeat(300 * 1024) }),
    );
    expectProblem(res, 413, "ctp_body_too_large");
  });

  it.each([
    ["oversize", "k".repeat(256)],
    ["with a space", "my key"],
  ])("an Idempotency-Key %s → 400, nothing written", async (_what, key) => {
    const res = await expectNoWrite(t.db, () =>
      api.place({ customerId: newUuid(), lines: [] }, { "idempotency-key": key }),
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toMatch(/^(validation_failed|invalid_idempotency_key)$/);
  });
});

describe("POST /orders/{id}/lines validation", () => {
  const lineCases: [string, () => unknown, string][] = [
    ["productId missing", () => without(validLine(), "productId"), "body.productId"],
    ["quantity a string", () => ({ ...validLine(), quantity: "2" }), "body.quantity"],
    ["quantity zero", () => ({ ...validLine(), quantity: 0 }), "body.quantity"],
    ["quantity negative", () => ({ ...validLine(), quantity: -1 }), "body.quantity"],
    [
      "amount negative",
      () => ({ ...validLine(), unitPrice: { amount: "-0.01", currency: "EUR" } }),
      "body.unitPrice.amount",
    ],
    [
      "currency malformed",
      () => ({ ...validLine(), unitPrice: { amount: "1.00", currency: "€" } }),
      "body.unitPrice.currency",
    ],
    ["unitPrice missing", () => without(validLine(), "unitPrice"), "body.unitPrice"],
    ["an unknown field", () => ({ ...validLine(), note: "gift" }), "body.note"],
    ["a list of lines instead of one", () => [validLine()], "body"],
  ];

  it.each(lineCases)("%s → 400 naming the field, the order unchanged", async (_what, body, field) => {
    const res = await expectNoWrite(t.db, () => api.addLine(order.id, body()));
    expectValidationError(res, field);
  });

  it("a quantity that merges above the maximum → 422, the order unchanged", async () => {
    const res = await expectNoWrite(t.db, () =>
      api.addLine(order.id, line(order.lines[0]!.productId, 9_999, "12.50")),
    );
    expectProblem(res, 422, "order.quantity_too_large");
  });

  it("bad JSON → 400, the order unchanged", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({
        method: "POST",
        url: `/orders/${order.id}/lines`,
        headers: { "content-type": "application/json" },
        payload: "{quantity: 2}",
      }),
    );
    expectProblem(res, 400, "ctp_invalid_json_body");
  });
});

describe("POST /orders/{id}/cancel validation", () => {
  it.each([
    ["reason missing", {}, "body.reason"],
    ["reason empty", { reason: "" }, "body.reason"],
    ["reason a number", { reason: 42 }, "body.reason"],
    ["reason oversize", { reason: "x".repeat(501) }, "body.reason"],
    ["an unknown field", { reason: "x", refund: true }, "body.refund"],
  ])("%s → 400 naming the field, the order unchanged", async (_what, payload, field) => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({ method: "POST", url: `/orders/${order.id}/cancel`, payload }),
    );
    expectValidationError(res, field);
  });

  it("no body → 400, the order unchanged", async () => {
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({ method: "POST", url: `/orders/${order.id}/cancel` }),
    );
    expectValidationError(res, "body");
  });

  it("a blank reason → 422 order.invalid_reason, the order unchanged", async () => {
    const res = await expectNoWrite(t.db, () => api.cancel(order.id, "   "));
    expectProblem(res, 422, "order.invalid_reason");
  });
});

describe("a malformed order id in the path", () => {
  it.each([
    ["GET", "/orders/not-a-uuid"],
    ["GET", "/orders/1234"],
    ["POST", "/orders/not-a-uuid/lines"],
    ["POST", "/orders/not-a-uuid/confirm"],
    ["POST", "/orders/not-a-uuid/cancel"],
  ] as const)("%s %s → 400 naming params.id", async (method, url) => {
    const payload = url.endsWith("/lines")
      ? validLine()
      : url.endsWith("/cancel")
        ? { reason: "x" }
        : undefined;
    const res = await expectNoWrite(t.db, () =>
      t.app.inject({ method, url, ...(payload ? { payload } : {}) }),
    );
    expectValidationError(res, "params.id");
  });
});

it("an unknown route → 404 problem", async () => {
  const res = await t.app.inject({ method: "POST", url: `/orders/${order.id}/ship` });
  expectProblem(res, 404, "route_not_found");
});
