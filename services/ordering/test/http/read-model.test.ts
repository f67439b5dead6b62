import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  expectConsistent,
  expectMoneyAsStrings,
  forceStatus,
  line,
  orderOf,
  ordersApi,
} from "../support/orders-api.ts";
import { type Replicas, replicas } from "../support/replicas.ts";

// After every command, the order_view row is exactly what GET answers and agrees with the write
// tables (orders, order_lines; the total recomputed in SQL): they are written in one transaction.
// Money is never a binary float: amounts travel as decimal strings and are computed exactly.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
});
afterAll(() => t.close());

describe("read model consistency", () => {
  it("stays consistent through a whole lifecycle: place, add, merge, confirm, cancel", async () => {
    const [p1, p2, p3] = (await seed.products(["12.50", "0.10", "99.99"])) as [string, string, string];
    const customerId = await seed.customer();

    const placed = orderOf(await api.place({ customerId, lines: [line(p1, 2)] }), 201);
    expect(await expectConsistent(t, placed.id)).toEqual(placed);
    expect(placed.shippingAddress).not.toBeNull();

    const added = orderOf(await api.addLine(placed.id, line(p2, 3)));
    expect(await expectConsistent(t, placed.id)).toEqual(added);
    expect(added.total.amount).toBe("25.30");

    await seed.changePrice(p1, "1.00"); // the merged units keep the price already on the order
    const merged = orderOf(await api.addLine(placed.id, line(p1, 1)));
    expect(await expectConsistent(t, placed.id)).toEqual(merged);
    expect(merged.lines.map((l) => [l.productId, l.quantity])).toEqual([
      [p1, 3],
      [p2, 3],
    ]);
    expect(merged.total.amount).toBe("37.80");

    const third = orderOf(await api.addLine(placed.id, line(p3, 10)));
    expect(await expectConsistent(t, placed.id)).toEqual(third);

    const confirmed = orderOf(await api.confirm(placed.id));
    expect(await expectConsistent(t, placed.id)).toEqual(confirmed);
    expect(confirmed).toMatchObject({
      status: "Confirmed",
      version: 5,
      total: third.total,
      lines: third.lines,
    });

    await forceStatus(t.db, placed.id, "Paid");
    const cancelled = orderOf(await api.cancel(placed.id, "payment reversed"));
    expect(await expectConsistent(t, placed.id)).toEqual(cancelled);
    expect(cancelled).toMatchObject({
      status: "Cancelled",
      version: 6,
      cancellationReason: "payment reversed",
    });

    // the list answers the same documents
    const list = await api.list({ customerId });
    expect(list.json().items).toEqual([cancelled]);
  });

  it("an order whose document predates shipping addresses still reads, with shippingAddress null", async () => {
    const customerId = await seed.customer({ defaultShippingAddress: null });
    const placed = await api.placed([line(await seed.product("2.00"))], customerId);
    // as order_view rows written before migration 20261126000200 are: no shippingAddress key
    await t.db.$executeRawUnsafe(
      "UPDATE order_view SET document = document - 'shippingAddress' WHERE id = $1::uuid",
      placed.id,
    );
    const got = orderOf(await api.get(placed.id));
    expect(got.shippingAddress).toBeNull();
    expect(got).toMatchObject({ id: placed.id, total: placed.total, version: 1 });
    const list = await api.list({ customerId: placed.customerId });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([got]);
  });

  it("an order from before the history reads with an empty history, which starts at its next change", async () => {
    const placed = await api.placed([line(await seed.product("2.00"))]);
    // as rows written before migration 20261210000100 are: no history key, and the column's default
    await t.db.$transaction([
      t.db.$executeRawUnsafe("UPDATE orders SET history = '[]' WHERE id = $1::uuid", placed.id),
      t.db.$executeRawUnsafe(
        "UPDATE order_view SET document = document - 'history' WHERE id = $1::uuid",
        placed.id,
      ),
    ]);
    const got = orderOf(await api.get(placed.id));
    expect(got.history).toEqual([]);
    const list = await api.list({ customerId: placed.customerId });
    expect(list.json().items).toEqual([got]);

    const confirmed = orderOf(await api.confirm(placed.id));
    expect(confirmed.history.map((h) => h.status)).toEqual(["Confirmed"]);
    expect(await expectConsistent(t, placed.id)).toEqual(confirmed);
  });

  it("a refused command leaves read and write side as they were", async () => {
    const placed = await api.placed([]);
    expect((await api.confirm(placed.id)).statusCode).toBe(409);
    expect(await expectConsistent(t, placed.id)).toEqual(placed);
  });
});

describe("money in the API", () => {
  it('"0.10" x 3 is "0.30", and 0.10 + 0.20 is "0.30"', async () => {
    const [dime, twenty] = (await seed.products(["0.10", "0.20"])) as [string, string];
    const three = await api.placed([line(dime, 3)]);
    expect(three.lines[0]?.lineTotal).toEqual({ amount: "0.30", currency: "EUR" });
    expect(three.total).toEqual({ amount: "0.30", currency: "EUR" });

    const sum = await api.placed([line(dime, 1), line(twenty, 1)]);
    expect(sum.total).toEqual({ amount: "0.30", currency: "EUR" });
    await expectConsistent(t, sum.id);
  });

  it("every amount in every answer is a two-place decimal string", async () => {
    // the replica keeps NUMERIC(19,4) (12.5000, 7.0000); the API answers the currency's two places
    const placed = await api.placed([
      line(await seed.product("12.50"), 2),
      line(await seed.product("7.00"), 1),
    ]);
    expectMoneyAsStrings(placed);
    expect(placed.lines.map((l) => l.unitPrice.amount)).toEqual(["12.50", "7.00"]);
    expect(placed.total.amount).toBe("32.00");

    const raw = (await api.get(placed.id)).body;
    expect(raw).not.toMatch(/"amount":\s*\d/); // never a JSON number
    expect(raw).toContain('"amount":"32.00"');
    expectMoneyAsStrings((await api.list({ customerId: placed.customerId })).json());
  });

  it("keeps large amounts exact, beyond what a double can hold", async () => {
    // within Money's bound (15 integer digits), yet far past the cents a double holds exactly
    const order = await api.placed([line(await seed.product("99999999999.99"), 10_000)]);
    expect(order.total.amount).toBe("999999999999900.00");
    const added = orderOf(await api.addLine(order.id, line(await seed.product("0.01"), 1)));
    expect(added.total.amount).toBe("999999999999900.01");
    await expectConsistent(t, order.id);
  });

  it("sums many small amounts exactly", async () => {
    // 0.01, 0.02, ..., 1.00
    const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
    const products = await seed.products(Array.from({ length: 100 }, (_, i) => amount(i + 1)));
    const order = await api.placed(products.map((p) => line(p, 7)));
    // 7 x (0.01 + 0.02 + ... + 1.00) = 7 x 50.50 = 353.50
    expect(order.total.amount).toBe("353.50");
    await expectConsistent(t, order.id);
  });

  it("uses the currency's own minor digits (JPY has none)", async () => {
    const order = await api.placed([line(await seed.product("1500", "JPY"), 3)]);
    expect(order.total).toEqual({ amount: "4500", currency: "JPY" });
    expect(order.lines[0]?.unitPrice).toEqual({ amount: "1500", currency: "JPY" });
  });

  it("stores prices exactly as NUMERIC in the database", async () => {
    const order = await api.placed([line(await seed.product("0.10"), 3)]);
    const rows = await t.db.$queryRawUnsafe<{ type: string; price: string }[]>(
      "SELECT pg_typeof(unit_price)::text AS type, unit_price::text AS price FROM order_lines WHERE order_id = $1::uuid",
      order.id,
    );
    expect(rows).toEqual([{ type: "numeric", price: "0.1000" }]);
  });
});
