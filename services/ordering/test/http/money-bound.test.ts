import { MONEY_MAX_AMOUNT } from "@ecommerce/domain-kernel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  expectConsistent,
  expectNoWrite,
  expectProblem,
  line,
  orderOf,
  ordersApi,
} from "../support/orders-api.ts";
import { outboxRows } from "../support/outbox.ts";
import { type Replicas, replicas } from "../support/replicas.ts";

// Every amount a service accepts, stores or publishes has one bound (domain-kernel's Money bound).
// An order total once grew past it unchecked and confirming the order answered 500 (the
// OrderConfirmed event could not carry it). Now the line that would break the bound is refused with
// a 422 naming the reason, nothing is written, and an order at the bound confirms.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
});
afterAll(() => t.close());

const MAX = "999999999999999.99"; // the largest EUR amount within the bound

function expectTotalTooLarge(res: Awaited<ReturnType<typeof api.place>>): void {
  const problem = expectProblem(res, 422, "order.total_too_large");
  expect(problem.detail).toContain(MONEY_MAX_AMOUNT);
}

describe("an order total beyond the Money bound", () => {
  it("is the bound the shared schemas state", () => {
    expect(MONEY_MAX_AMOUNT).toBe("999999999999999.9999");
  });

  it("adding the line that breaks it → 422 order.total_too_large, the order unchanged, and it still confirms", async () => {
    const order = await api.placed([line(await seed.product(MAX), 1)]);
    expect(order.total.amount).toBe(MAX);
    const cent = await seed.product("0.01");

    const res = await expectNoWrite(t.db, () => api.addLine(order.id, line(cent, 1)));
    expectTotalTooLarge(res);

    const confirmed = orderOf(await api.confirm(order.id));
    expect(confirmed.status).toBe("Confirmed");
    const published = (await outboxRows(t.db, order.id)).map((r) => r.event);
    const event = published.find((e) => e.type === "ecommerce.ordering.order-confirmed.v1");
    expect(event?.data).toMatchObject({ total: { amount: MAX, currency: "EUR" } });
    await expectConsistent(t, order.id);
  });

  it("more units of a line already on the order → 422, the order unchanged", async () => {
    const product = await seed.product("500000000000000.00");
    const order = await api.placed([line(product, 1)]);
    const res = await expectNoWrite(t.db, () => api.addLine(order.id, line(product, 1)));
    expectTotalTooLarge(res);
  });

  it("placing an order whose lines break it → 422, nothing written", async () => {
    const customerId = await seed.customer();
    const [p1, p2] = await seed.products([MAX, "0.01"]);
    const res = await expectNoWrite(t.db, () =>
      api.place({ customerId, lines: [line(p1!, 1), line(p2!, 1)] }),
    );
    expectTotalTooLarge(res);
  });

  it("a single line over the bound (price x quantity) → 422, nothing written", async () => {
    const customerId = await seed.customer();
    const product = await seed.product("100000000000000.00");
    const res = await expectNoWrite(t.db, () => api.place({ customerId, lines: [line(product, 10)] }));
    expectTotalTooLarge(res);
  });
});
