import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderStatus } from "../../src/domain/order-status.ts";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  changedByCommand,
  countOrders,
  expectConsistent,
  expectMoneyAsStrings,
  expectNoWrite,
  expectProblem,
  expectValidationError,
  forceStatus,
  line,
  newUuid,
  type OrderJson,
  orderOf,
  ordersApi,
} from "../support/orders-api.ts";
import { address, type Replicas, replicas } from "../support/replicas.ts";

// The four commands through HTTP and PostgreSQL: their answers, and every refusal (with no write).
// Buyers and prices come from ordering's replicas, seeded through the events that feed them.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
});
afterAll(() => t.close());

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("POST /orders", () => {
  it("answers 201 with Location, ETag and exactly the contract's order document", async () => {
    const customerId = await seed.customer({ name: "Grace Hopper", defaultShippingAddress: null });
    const [p1, p2] = await seed.products(["12.50", "3.10"]);
    const shippingAddress = address({ recipient: "Grace Hopper", line2: "Dock 4", region: "Noord-Holland" });
    const before = new Date();
    const res = await api.place({
      customerId,
      lines: [line(p1!, 2), line(p2!, 1)],
      shippingAddress,
    });

    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const order = res.json<OrderJson>();
    expect(res.headers.location).toBe(`/orders/${order.id}`);
    expect(res.headers.etag).toBe('"1"');

    expect(Object.keys(order).sort()).toEqual(
      [
        "customerId",
        "id",
        "lines",
        "orderDate",
        "shippingAddress",
        "status",
        "total",
        "history",
        "version",
      ].sort(),
    );
    expect(order).toEqual({
      id: expect.stringMatching(UUID_V7),
      customerId,
      orderDate: expect.any(String),
      status: "Pending",
      total: { amount: "28.10", currency: "EUR" },
      lines: [
        {
          productId: p1,
          quantity: 2,
          unitPrice: { amount: "12.50", currency: "EUR" },
          lineTotal: { amount: "25.00", currency: "EUR" },
        },
        {
          productId: p2,
          quantity: 1,
          unitPrice: { amount: "3.10", currency: "EUR" },
          lineTotal: { amount: "3.10", currency: "EUR" },
        },
      ],
      shippingAddress,
      // placed by this request, at the order's date
      history: [{ ...changedByCommand("Pending", res, "PlaceOrder"), at: order.orderDate }],
      version: 1,
    });
    for (const l of order.lines) {
      expect(Object.keys(l).sort()).toEqual(["lineTotal", "productId", "quantity", "unitPrice"]);
    }
    // an ISO 8601 UTC instant, taken when the order was placed (not a client value)
    expect(order.orderDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(new Date(order.orderDate).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expectMoneyAsStrings(order);

    // the Location is where the order can be read, and it reads the same
    const got = await t.app.inject({ method: "GET", url: res.headers.location as string });
    expect(orderOf(got)).toEqual(order);
    await expectConsistent(t, order.id);
  });

  it("accepts an empty list of lines: a Pending order with a zero total in the default currency", async () => {
    const customerId = await seed.customer();
    const res = await api.place({ customerId, lines: [] });
    const order = orderOf(res, 201);
    expect(order).toMatchObject({
      customerId,
      status: "Pending",
      total: { amount: "0.00", currency: "EUR" },
      lines: [],
    });
    expect(order.version).toBe(1);
    await expectConsistent(t, order.id);
  });

  it("takes the currency of the products on its lines (the first line's)", async () => {
    const [gbp, usd] = [await seed.product("1.25", "GBP"), await seed.product("1.00", "USD")];
    const inGbp = orderOf(await api.place({ customerId: await seed.customer(), lines: [line(gbp, 2)] }), 201);
    expect(inGbp.total).toEqual({ amount: "2.50", currency: "GBP" });
    const inUsd = orderOf(await api.place({ customerId: await seed.customer(), lines: [line(usd, 3)] }), 201);
    expect(inUsd.total).toEqual({ amount: "3.00", currency: "USD" });
    await expectConsistent(t, inGbp.id);
  });

  it("merges a product given twice into one line", async () => {
    const product = await seed.product("5.00");
    const order = orderOf(
      await api.place({ customerId: await seed.customer(), lines: [line(product, 2), line(product, 3)] }),
      201,
    );
    expect(order.lines).toEqual([
      {
        productId: product,
        quantity: 5,
        unitPrice: { amount: "5.00", currency: "EUR" },
        lineTotal: { amount: "25.00", currency: "EUR" },
      },
    ]);
    expect(order.total.amount).toBe("25.00");
    await expectConsistent(t, order.id);
  });

  it("creates one order per request", async () => {
    const product = await seed.product();
    const before = await countOrders(t.db);
    await api.placed([line(product)]);
    await api.placed([line(product)]);
    expect(await countOrders(t.db)).toBe(before + 2);
  });

  describe("refuses a request the domain rejects, with 422 and no write", () => {
    it.each([
      [
        "lines in two currencies",
        async () => ({
          customerId: await seed.customer(),
          lines: [line(await seed.product("1.00", "EUR")), line(await seed.product("1.00", "USD"))],
        }),
        "order.currency_mismatch",
      ],
      [
        "a product priced at zero",
        async () => ({ customerId: await seed.customer(), lines: [line(await seed.product("0.00"))] }),
        "order.invalid_unit_price",
      ],
      [
        "a product twice whose merged quantity is too large",
        async () => {
          const p = await seed.product();
          return { customerId: await seed.customer(), lines: [line(p, 6000), line(p, 6000)] };
        },
        "order.quantity_too_large",
      ],
      [
        "a product ordering has never heard of",
        async () => ({
          customerId: await seed.customer(),
          lines: [line(await seed.product()), line(newUuid())],
        }),
        "order.unknown_product",
      ],
      [
        "a customer ordering has never heard of",
        async () => ({ customerId: newUuid(), lines: [line(await seed.product())] }),
        "order.unknown_customer",
      ],
      [
        "a blank shipping address line",
        async () => ({
          customerId: await seed.customer(),
          lines: [line(await seed.product())],
          shippingAddress: address({ line1: "   " }),
        }),
        "order.invalid_address",
      ],
    ])("%s", async (_what, body, code) => {
      const payload = await body();
      const res = await expectNoWrite(t.db, () => api.place(payload));
      expectProblem(res, 422, code);
    });
  });

  it("refuses more than 100 lines (400, no write)", async () => {
    const lines = Array.from({ length: 101 }, () => line(newUuid()));
    const res = await expectNoWrite(t.db, () => api.place({ customerId: newUuid(), lines }));
    expectValidationError(res, "body.lines");
  });

  it("accepts 100 lines", async () => {
    const lines = (await seed.products(Array(100).fill("0.01"))).map((p) => line(p, 1));
    const order = orderOf(await api.place({ customerId: await seed.customer(), lines }), 201);
    expect(order.lines).toHaveLength(100);
    expect(order.total.amount).toBe("1.00");
    await expectConsistent(t, order.id);
  });
});

describe("POST /orders/{id}/lines", () => {
  it("adds a line to a Pending order and answers the order with its new ETag", async () => {
    const placed = await api.placed([]);
    const product = await seed.product("4.20");
    const res = await api.addLine(placed.id, line(product, 3));
    const order = orderOf(res);
    expect(order.version).toBe(2);
    expect(order.status).toBe("Pending");
    expect(order.lines).toEqual([
      {
        productId: product,
        quantity: 3,
        unitPrice: { amount: "4.20", currency: "EUR" },
        lineTotal: { amount: "12.60", currency: "EUR" },
      },
    ]);
    expect(order.total).toEqual({ amount: "12.60", currency: "EUR" });
    expect(await expectConsistent(t, placed.id)).toEqual(order);
  });

  it("appends new products after the existing lines, and the total follows", async () => {
    const [p1, p2, p3] = await seed.products(["10.00", "2.50", "0.99"]);
    const placed = await api.placed([line(p1!, 1)]);
    orderOf(await api.addLine(placed.id, line(p2!, 2)));
    const order = orderOf(await api.addLine(placed.id, line(p3!, 1)));
    expect(order.lines.map((l) => l.productId)).toEqual([p1, p2, p3]);
    expect(order.total.amount).toBe("15.99");
    expect(order.version).toBe(3);
    await expectConsistent(t, placed.id);
  });

  it("merges the same product: units are added at the price on the order, even after a price change", async () => {
    const product = await seed.product("12.50");
    const placed = await api.placed([line(product, 2)]);
    await seed.changePrice(product, "99.99");
    const order = orderOf(await api.addLine(placed.id, line(product, 3)));
    expect(order.lines).toEqual([
      {
        productId: product,
        quantity: 5,
        unitPrice: { amount: "12.50", currency: "EUR" },
        lineTotal: { amount: "62.50", currency: "EUR" },
      },
    ]);
    expect(order.total.amount).toBe("62.50");
    expect(order.version).toBe(2);
    await expectConsistent(t, placed.id);
  });

  it("unknown order → 404 problem, nothing written", async () => {
    const id = newUuid();
    const product = await seed.product();
    const res = await expectNoWrite(t.db, () => api.addLine(id, line(product)));
    const problem = expectProblem(res, 404, "order.not_found");
    expect(problem.detail).toContain(id);
  });

  it.each(["Confirmed", "AwaitingPayment", "Paid", "Shipped", "Delivered", "Cancelled"] as const)(
    "an order that is %s → 409 order.not_modifiable, nothing written",
    async (status) => {
      const [product, other] = await seed.products(["1.00", "2.00"]);
      const placed = await api.placed([line(product!, 1)]);
      if (status === "Confirmed") orderOf(await api.confirm(placed.id));
      else if (status === "Cancelled") orderOf(await api.cancel(placed.id, "changed my mind"));
      else await forceStatus(t.db, placed.id, status);

      for (const productId of [other!, product!]) {
        const res = await expectNoWrite(t.db, () => api.addLine(placed.id, line(productId)));
        expectProblem(res, 409, "order.not_modifiable");
      }
      await expectConsistent(t, placed.id);
    },
  );

  describe("refused by the order's rules with 422, nothing written", () => {
    it("a product priced in another currency than the order's", async () => {
      const product = await seed.product("1.00", "EUR");
      const placed = await api.placed([line(product, 1)]);
      const usd = await seed.product("1.00", "USD");
      const res = await expectNoWrite(t.db, () => api.addLine(placed.id, line(usd, 1)));
      expectProblem(res, 422, "order.currency_mismatch");
    });

    it("a product already on the order whose price is now in another currency", async () => {
      const product = await seed.product("1.00", "EUR");
      const placed = await api.placed([line(product, 1)]);
      await seed.changePrice(product, "1.10", "USD");
      const res = await expectNoWrite(t.db, () => api.addLine(placed.id, line(product, 1)));
      expectProblem(res, 422, "order.currency_mismatch");
    });

    it("a product in another currency on an empty order placed in the default currency", async () => {
      const placed = await api.placed([]);
      const gbp = await seed.product("1.00", "GBP");
      const res = await expectNoWrite(t.db, () => api.addLine(placed.id, line(gbp, 1)));
      expectProblem(res, 422, "order.currency_mismatch");
    });

    it("a zero unit price, for a new product and for one already on the order", async () => {
      const product = await seed.product("1.00");
      const placed = await api.placed([line(product, 1)]);
      const free = await seed.product("0.00");
      await seed.changePrice(product, "0.00");
      for (const productId of [free, product]) {
        const res = await expectNoWrite(t.db, () => api.addLine(placed.id, line(productId, 1)));
        expectProblem(res, 422, "order.invalid_unit_price");
      }
    });

    it("a product ordering has never heard of", async () => {
      const placed = await api.placed([]);
      const unknown = newUuid();
      const problem = expectProblem(
        await expectNoWrite(t.db, () => api.addLine(placed.id, line(unknown, 1))),
        422,
        "order.unknown_product",
      );
      expect(problem.detail).toContain(unknown);
    });

    it("a merge that would take the line past the maximum quantity", async () => {
      const product = await seed.product();
      const placed = await api.placed([line(product, 9_000)]);
      const res = await expectNoWrite(t.db, () => api.addLine(placed.id, line(product, 1_001)));
      expectProblem(res, 422, "order.quantity_too_large");
      // exactly the maximum still fits
      expect(orderOf(await api.addLine(placed.id, line(product, 1_000))).lines[0]?.quantity).toBe(10_000);
    });

    it("a 101st line", async () => {
      const products = await seed.products(Array(101).fill("1.00"));
      const placed = await api.placed(products.slice(0, 100).map((p) => line(p)));
      const res = await expectNoWrite(t.db, () => api.addLine(placed.id, line(products[100]!)));
      expectProblem(res, 422, "order.too_many_lines");
      // more units of a product already on the full order are still fine
      const merged = orderOf(await api.addLine(placed.id, line(placed.lines[0]!.productId, 1)));
      expect(merged.lines).toHaveLength(100);
      expect(merged.total.amount).toBe("101.00");
    });
  });
});

/** A two-line order (version 1) moved to `status`. */
async function orderIn(status: OrderStatus): Promise<OrderJson> {
  const [p1, p2] = await seed.products(["12.50", "5.00"]);
  const placed = await api.placed([line(p1!, 2), line(p2!, 1)]);
  if (status === "Pending") return placed;
  if (status === "Confirmed") return orderOf(await api.confirm(placed.id));
  if (status === "Cancelled") return orderOf(await api.cancel(placed.id, "first reason"));
  await forceStatus(t.db, placed.id, status);
  return { ...placed, status };
}

describe("POST /orders/{id}/confirm", () => {
  it("confirms a Pending order with lines: 200, Confirmed, version and ETag bumped, lines and total kept", async () => {
    const placed = await orderIn("Pending");
    const res = await api.confirm(placed.id);
    const order = orderOf(res);
    expect(order).toEqual({
      ...placed,
      status: "Confirmed",
      version: 2,
      history: [...placed.history, changedByCommand("Confirmed", res, "ConfirmOrder")],
    });
    expect(await expectConsistent(t, placed.id)).toEqual(order);
  });

  it("an order without lines → 409 order.empty, nothing written", async () => {
    const placed = await api.placed([]);
    const res = await expectNoWrite(t.db, () => api.confirm(placed.id));
    expectProblem(res, 409, "order.empty");
    expect((await expectConsistent(t, placed.id)).status).toBe("Pending");
  });

  it("once lines are added, the empty order can be confirmed", async () => {
    const placed = await api.placed([]);
    orderOf(await api.addLine(placed.id, line(await seed.product())));
    expect(orderOf(await api.confirm(placed.id))).toMatchObject({ status: "Confirmed", version: 3 });
  });

  it.each(["Confirmed", "AwaitingPayment", "Paid", "Shipped", "Delivered", "Cancelled"] as const)(
    "an order that is %s → 409 order.not_pending, nothing written",
    async (status) => {
      const order = await orderIn(status);
      const res = await expectNoWrite(t.db, () => api.confirm(order.id));
      expectProblem(res, 409, "order.not_pending");
      expect((await expectConsistent(t, order.id)).status).toBe(status);
    },
  );

  it("unknown order → 404 problem, nothing written", async () => {
    const res = await expectNoWrite(t.db, () => api.confirm(newUuid()));
    expectProblem(res, 404, "order.not_found");
  });
});

describe("POST /orders/{id}/cancel", () => {
  it.each(["Pending", "Confirmed", "AwaitingPayment", "Paid"] as const)(
    "cancels an order that is %s: 200, Cancelled with the (trimmed) reason, version bumped",
    async (status) => {
      const before = await orderIn(status);
      const res = await api.cancel(before.id, "  found it cheaper  ");
      const order = orderOf(res);
      expect(order).toEqual({
        ...before,
        status: "Cancelled",
        cancellationReason: "found it cheaper",
        version: before.version + 1,
        history: [...before.history, changedByCommand("Cancelled", res, "CancelOrder", "customer-request")],
      });
      expect(await expectConsistent(t, before.id)).toEqual(order);
    },
  );

  it.each([
    ["Shipped", "order.already_shipped"],
    ["Delivered", "order.already_shipped"],
    ["Cancelled", "order.already_cancelled"],
  ] as const)("an order that is %s → 409 %s, nothing written", async (status, code) => {
    const order = await orderIn(status);
    const res = await expectNoWrite(t.db, () => api.cancel(order.id, "too late"));
    expectProblem(res, 409, code);
    const after = await expectConsistent(t, order.id);
    expect(after.status).toBe(status);
    if (status === "Cancelled") expect(after.cancellationReason).toBe("first reason");
  });

  it("unknown order → 404 problem, nothing written", async () => {
    const res = await expectNoWrite(t.db, () => api.cancel(newUuid(), "whatever"));
    expectProblem(res, 404, "order.not_found");
  });

  it("a cancelled order can no longer be confirmed or take lines", async () => {
    const order = await orderIn("Cancelled");
    const product = await seed.product();
    expectProblem(await expectNoWrite(t.db, () => api.confirm(order.id)), 409, "order.not_pending");
    expectProblem(
      await expectNoWrite(t.db, () => api.addLine(order.id, line(product))),
      409,
      "order.not_modifiable",
    );
  });
});
