import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  expectNoWrite,
  expectProblem,
  expectValidationError,
  line,
  newUuid,
  type OrderJson,
  orderOf,
  ordersApi,
  type Response,
} from "../support/orders-api.ts";
import { address, replicas } from "../support/replicas.ts";

// Bad input is a 400 naming the field, never a 500 and never a partial write. Bodies are validated
// strictly: "2" is not a quantity and unknown fields are refused; so is a price, which only the
// catalog sets (ordering prices lines from its replica).

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let order: OrderJson;
let customerId: string;
let productId: string;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  const seed = replicas(t);
  customerId = await seed.customer();
  productId = await seed.product("12.50");
  order = await api.placed([line(productId, 2)], customerId);
});
afterAll(() => t.close());

// A customer and a product ordering knows, so that only the case's one defect can be refused.
const validLine = () => line(productId, 2);
type Body = Record<string, unknown>;
const withLine = (patch: (l: Body) => Body) => (): Body => ({
  customerId,
  lines: [patch(validLine())],
});
const withAddress = (patch: (a: Body) => Body) => (): Body => ({
  customerId,
  lines: [validLine()],
  shippingAddress: patch({ ...address() }),
});
const without = (body: Body, key: string) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));

const placeOrderCases: [string, () => unknown, string][] = [
  ["customerId missing", () => ({ lines: [] }), "body.customerId"],
  ["lines missing", () => ({ customerId }), "body.lines"],
  ["customerId not a UUID", () => ({ customerId: "customer-1", lines: [] }), "body.customerId"],
  ["customerId a number", () => ({ customerId: 42, lines: [] }), "body.customerId"],
  ["customerId oversize", () => ({ customerId: "a".repeat(10_000), lines: [] }), "body.customerId"],
  ["lines not an array", () => ({ customerId, lines: validLine() }), "body.lines"],
  ["lines null", () => ({ customerId, lines: null }), "body.lines"],
  ["a line that is not an object", () => ({ customerId, lines: ["x"] }), "body.lines.0"],
  ["productId missing", withLine((l) => without(l, "productId")), "body.lines.0.productId"],
  ["productId not a UUID", withLine((l) => ({ ...l, productId: "sku-1" })), "body.lines.0.productId"],
  ["quantity missing", withLine((l) => without(l, "quantity")), "body.lines.0.quantity"],
  ["quantity a string", withLine((l) => ({ ...l, quantity: "2" })), "body.lines.0.quantity"],
  ["quantity zero", withLine((l) => ({ ...l, quantity: 0 })), "body.lines.0.quantity"],
  ["quantity negative", withLine((l) => ({ ...l, quantity: -3 })), "body.lines.0.quantity"],
  ["quantity fractional", withLine((l) => ({ ...l, quantity: 1.5 })), "body.lines.0.quantity"],
  ["quantity above the maximum", withLine((l) => ({ ...l, quantity: 10_001 })), "body.lines.0.quantity"],
  ["quantity null", withLine((l) => ({ ...l, quantity: null })), "body.lines.0.quantity"],
  [
    "unitPrice sent (prices come from the catalog)",
    withLine((l) => ({ ...l, unitPrice: { amount: "0.01", currency: "EUR" } })),
    "body.lines.0.unitPrice",
  ],
  ["unitPrice sent as a number", withLine((l) => ({ ...l, unitPrice: 12.5 })), "body.lines.0.unitPrice"],
  ["unitPrice sent as null", withLine((l) => ({ ...l, unitPrice: null })), "body.lines.0.unitPrice"],
  [
    "an order currency sent (it is the products')",
    () => ({ customerId, currency: "USD", lines: [] }),
    "body.currency",
  ],
  [
    "an order total sent",
    () => ({ customerId, lines: [], total: { amount: "0.01", currency: "EUR" } }),
    "body.total",
  ],
  ["an unknown top-level field", () => ({ customerId, lines: [], discount: "10" }), "body.discount"],
  ["an unknown field on a line", withLine((l) => ({ ...l, discount: 1 })), "body.lines.0.discount"],
  ["shippingAddress null", () => ({ customerId, lines: [], shippingAddress: null }), "body.shippingAddress"],
  [
    "shippingAddress a string",
    () => ({ customerId, lines: [], shippingAddress: "Amsterdam" }),
    "body.shippingAddress",
  ],
  ["address line1 missing", withAddress((a) => without(a, "line1")), "body.shippingAddress.line1"],
  ["address line1 empty", withAddress((a) => ({ ...a, line1: "" })), "body.shippingAddress.line1"],
  ["address city missing", withAddress((a) => without(a, "city")), "body.shippingAddress.city"],
  [
    "address postalCode missing",
    withAddress((a) => without(a, "postalCode")),
    "body.shippingAddress.postalCode",
  ],
  ["address country missing", withAddress((a) => without(a, "country")), "body.shippingAddress.country"],
  [
    "address country lowercase",
    withAddress((a) => ({ ...a, country: "nl" })),
    "body.shippingAddress.country",
  ],
  ["address country alpha-3", withAddress((a) => ({ ...a, country: "NLD" })), "body.shippingAddress.country"],
  [
    "address recipient oversize",
    withAddress((a) => ({ ...a, recipient: "x".repeat(201) })),
    "body.shippingAddress.recipient",
  ],
  [
    "address postalCode oversize",
    withAddress((a) => ({ ...a, postalCode: "1".repeat(21) })),
    "body.shippingAddress.postalCode",
  ],
  ["address city a number", withAddress((a) => ({ ...a, city: 1011 })), "body.shippingAddress.city"],
  [
    "an unknown field on the address",
    withAddress((a) => ({ ...a, phone: "+31" })),
    "body.shippingAddress.phone",
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
      lines: [{ productId, quantity: "2", unitPrice: { amount: "1.00", currency: "EUR" } }],
      shippingAddress: { ...address(), country: "nl" },
    });
    const problem = expectValidationError(res, "body.customerId");
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(
      [
        "body.customerId",
        "body.lines.0.quantity",
        "body.lines.0.unitPrice",
        "body.shippingAddress.country",
      ].sort(),
    );
  });

  it("a unitPrice is refused even when it is the catalog's own price, and nothing is written", async () => {
    const res = await expectNoWrite(t.db, () =>
      api.place({ customerId, lines: [{ ...validLine(), unitPrice: { amount: "12.50", currency: "EUR" } }] }),
    );
    const problem = expectValidationError(res, "body.lines.0.unitPrice");
    expect(problem.detail).toContain("unitPrice");
    // the same request without the price goes through, priced by ordering
    const placed = orderOf(await api.place({ customerId, lines: [validLine()] }), 201);
    expect(placed.lines[0]?.unitPrice).toEqual({ amount: "12.50", currency: "EUR" });
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
      api.place({ customerId, lines: [], padding: "x".repeat(300 * 1024) }),
    );
    expectProblem(res, 413, "ctp_body_too_large");
  });

  it.each([
    ["oversize", "k".repeat(256)],
    ["with a space", "my key"],
  ])("an Idempotency-Key %s → 400, nothing written", async (_what, key) => {
    const res = await expectNoWrite(t.db, () =>
      api.place({ customerId, lines: [] }, { "idempotency-key": key }),
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
    ["quantity above the maximum", () => ({ ...validLine(), quantity: 10_001 }), "body.quantity"],
    [
      "unitPrice sent (prices come from the catalog)",
      () => ({ ...validLine(), unitPrice: { amount: "12.50", currency: "EUR" } }),
      "body.unitPrice",
    ],
    ["unitPrice sent as a string", () => ({ ...validLine(), unitPrice: "0.01" }), "body.unitPrice"],
    ["an unknown field", () => ({ ...validLine(), note: "gift" }), "body.note"],
    ["a list of lines instead of one", () => [validLine()], "body"],
  ];

  it.each(lineCases)("%s → 400 naming the field, the order unchanged", async (_what, body, field) => {
    const res = await expectNoWrite(t.db, () => api.addLine(order.id, body()));
    expectValidationError(res, field);
  });

  it("a quantity that merges above the maximum → 422, the order unchanged", async () => {
    const res = await expectNoWrite(t.db, () =>
      api.addLine(order.id, line(order.lines[0]!.productId, 9_999)),
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

describe("the published OpenAPI document", () => {
  it("offers no price to send: a line is a product and a quantity, and the order takes a shipping address", async () => {
    const res = await t.app.inject({ method: "GET", url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const place = doc.paths["/orders"].post.requestBody.content["application/json"].schema;
    expect(Object.keys(place.properties).sort()).toEqual([
      "customerId",
      "lines",
      "paymentMethod",
      "shippingAddress",
    ]);
    expect(place.required.sort()).toEqual(["customerId", "lines"]);
    expect(place.additionalProperties).toBe(false);
    const lineSchema = place.properties.lines.items;
    expect(Object.keys(lineSchema.properties).sort()).toEqual(["productId", "quantity"]);
    expect(lineSchema.additionalProperties).toBe(false);
    const addLine = doc.paths["/orders/{id}/lines"].post.requestBody.content["application/json"].schema;
    expect(Object.keys(addLine.properties).sort()).toEqual(["productId", "quantity"]);
    const order = doc.paths["/orders/{id}"].get.responses["200"].content["application/json"].schema;
    expect(order.required).toContain("shippingAddress");
  });

  it("declares If-Match only on the commands that check it: placing an order has no version to match", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const headersOf = (path: string) =>
      (doc.paths[path].post.parameters as { in: string; name: string }[])
        .filter((p) => p.in === "header")
        .map((p) => p.name)
        .sort();
    expect(headersOf("/orders")).toEqual(["idempotency-key"]);
    for (const path of ["/orders/{id}/lines", "/orders/{id}/confirm", "/orders/{id}/cancel"]) {
      expect(headersOf(path), path).toEqual(["idempotency-key", "if-match"]);
    }
  });
});

// ajv-formats' uuid format takes "urn:uuid:…", which PostgreSQL's uuid type refuses: such an id once
// got past the request schema and failed in the database (500). Every schema now takes bare UUIDs only.
describe("an id in the URN form", () => {
  const urn = () => `urn:uuid:${newUuid()}`;
  const cases: [string, () => Promise<Response>, string][] = [
    ["POST /orders customerId", () => api.place({ customerId: urn(), lines: [] }), "body.customerId"],
    [
      "POST /orders lines.productId",
      () => api.place({ customerId, lines: [line(urn())] }),
      "body.lines.0.productId",
    ],
    ["POST /orders/{id}/lines", () => api.addLine(urn(), validLine()), "params.id"],
    ["POST /orders/{id}/confirm", () => api.confirm(urn()), "params.id"],
    ["POST /orders/{id}/cancel", () => api.cancel(urn(), "changed my mind"), "params.id"],
    ["GET /orders/{id}", () => api.get(urn()), "params.id"],
    ["GET /orders?customerId", () => api.list({ customerId: urn() }), "querystring.customerId"],
  ];

  it.each(cases)("%s → 400 naming the field, never a 500, nothing written", async (_what, send, field) => {
    const res = await expectNoWrite(t.db, send);
    expectValidationError(res, field);
  });
});
