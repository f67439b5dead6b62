import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  expectConsistent,
  expectNoWrite,
  expectProblem,
  line,
  newUuid,
  type OrderJson,
  orderOf,
  ordersApi,
  type Response,
} from "../support/orders-api.ts";
import { type Replicas, replicas } from "../support/replicas.ts";

// Optimistic concurrency. Concurrent writers without If-Match never lose an update (the version check
// in the UPDATE makes a loser retry on fresh state); writers that name a version (If-Match) get 412
// when it is stale.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
let customerId: string;
/** A product no order starts with: the commands below add it (seeding it there would be a write). */
let spare: string;
/** A new product, for a line no order has yet. */
const freshProduct = (amount = "1.00") => seed.product(amount);
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
  customerId = await seed.customer();
  spare = await seed.product("1.00");
});
afterAll(() => t.close());

const PARALLEL = 20;
const statuses = (responses: Response[]) => responses.map((r) => r.statusCode).sort();

describe("parallel add-line requests on one order", () => {
  it(`${PARALLEL} distinct products: all succeed, none lost, total and version correct`, async () => {
    const placed = await api.placed([], customerId);
    // prices 0.01 .. 0.20 and quantities 1 .. 20: each line has its own total
    const products = await seed.products(
      Array.from({ length: PARALLEL }, (_, i) => `0.${String(i + 1).padStart(2, "0")}`),
    );
    const responses = await Promise.all(products.map((p, i) => api.addLine(placed.id, line(p, i + 1))));

    expect(statuses(responses)).toEqual(Array(PARALLEL).fill(200));
    // each answer is read after its own commit: it holds its own line (and maybe later ones)
    responses.forEach((r, i) => {
      const answered = orderOf(r);
      expect(answered.lines.map((l) => l.productId)).toContain(products[i]);
      expect(answered.version).toBeGreaterThanOrEqual(2);
      expect(answered.version).toBeLessThanOrEqual(PARALLEL + 1);
    });

    const order = await expectConsistent(t, placed.id);
    expect(order.version).toBe(PARALLEL + 1);
    expect(order.lines.map((l) => l.productId).sort()).toEqual([...products].sort());
    // sum of i * i cents for i = 1..20 = 2870 cents
    expect(order.total).toEqual({ amount: "28.70", currency: "EUR" });
    for (const l of order.lines) {
      const i = products.indexOf(l.productId) + 1;
      expect(l.quantity).toBe(i);
    }
  });

  it(`${PARALLEL} times the same product: all succeed, the units add up`, async () => {
    const product = await freshProduct("0.10");
    const placed = await api.placed([line(product, 1)], customerId);
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => api.addLine(placed.id, line(product, 1))),
    );
    expect(statuses(responses)).toEqual(Array(PARALLEL).fill(200));
    const order = await expectConsistent(t, placed.id);
    expect(order.version).toBe(PARALLEL + 1);
    expect(order.lines).toEqual([
      {
        productId: product,
        quantity: PARALLEL + 1,
        unitPrice: { amount: "0.10", currency: "EUR" },
        lineTotal: { amount: "2.10", currency: "EUR" },
      },
    ]);
    expect(order.total.amount).toBe("2.10");
  });

  it(`${PARALLEL} writers naming the same version: exactly one wins, the others get 412`, async () => {
    const placed = await api.placed([], customerId);
    const products = await seed.products(Array(PARALLEL).fill("1.00"));
    const responses = await Promise.all(
      products.map((p) => api.addLine(placed.id, line(p), { "if-match": '"1"' })),
    );
    const won = responses.filter((r) => r.statusCode === 200);
    expect(won).toHaveLength(1);
    for (const r of responses.filter((r) => r.statusCode !== 200))
      expectProblem(r, 412, "precondition_failed");
    const order = await expectConsistent(t, placed.id);
    expect(order.version).toBe(2);
    expect(order.lines).toEqual(orderOf(won[0]!).lines);
  });
});

describe("racing transitions on one order", () => {
  /** A Pending order with one line, at version 1. */
  const pending = async () => api.placed([line(await freshProduct("9.99"), 1)], customerId);

  it("two confirms: exactly one wins, the other gets 409 order.not_pending", async () => {
    const orders = await Promise.all(Array.from({ length: 5 }, pending));
    for (const order of orders) {
      const [a, b] = await Promise.all([api.confirm(order.id), api.confirm(order.id)]);
      expect(statuses([a, b])).toEqual([200, 409]);
      expectProblem([a, b].find((r) => r.statusCode === 409)!, 409, "order.not_pending");
      const now = await expectConsistent(t, order.id);
      expect(now).toMatchObject({ status: "Confirmed", version: 2 });
    }
  });

  it("two cancels: exactly one wins, the other gets 409 order.already_cancelled", async () => {
    const order = await pending();
    const [a, b] = await Promise.all([api.cancel(order.id, "reason A"), api.cancel(order.id, "reason B")]);
    expect(statuses([a, b])).toEqual([200, 409]);
    const winner = orderOf([a, b].find((r) => r.statusCode === 200)!);
    expectProblem([a, b].find((r) => r.statusCode === 409)!, 409, "order.already_cancelled");
    const now = await expectConsistent(t, order.id);
    expect(now).toMatchObject({
      status: "Cancelled",
      version: 2,
      cancellationReason: winner.cancellationReason,
    });
  });

  it("confirm and cancel at the same version (If-Match): exactly one wins, the other gets 412", async () => {
    const orders = await Promise.all(Array.from({ length: 5 }, pending));
    for (const order of orders) {
      const [confirm, cancel] = await Promise.all([
        api.confirm(order.id, { "if-match": '"1"' }),
        api.cancel(order.id, "race", { "if-match": '"1"' }),
      ]);
      expect(statuses([confirm, cancel])).toEqual([200, 412]);
      const now = await expectConsistent(t, order.id);
      expect(now.version).toBe(2);
      expect(now.status).toBe(confirm.statusCode === 200 ? "Confirmed" : "Cancelled");
    }
  });

  it("confirm and cancel without If-Match: they serialise; the order ends Cancelled and consistent", async () => {
    // Cancel is allowed from Confirmed, so the outcome depends on who commits first:
    // confirm first → both succeed (version 3); cancel first → confirm gets 409 (version 2).
    const orders = await Promise.all(Array.from({ length: 5 }, pending));
    for (const order of orders) {
      const [confirm, cancel] = await Promise.all([api.confirm(order.id), api.cancel(order.id, "race")]);
      const cancelled = orderOf(cancel);
      expect(cancelled.status).toBe("Cancelled");
      const now = await expectConsistent(t, order.id);
      expect(now.status).toBe("Cancelled");
      expect(now.cancellationReason).toBe("race");
      if (confirm.statusCode === 200) {
        expect(orderOf(confirm)).toMatchObject({ status: "Confirmed", version: 2 });
        expect(cancelled.version).toBe(3);
        expect(now.version).toBe(3);
      } else {
        expectProblem(confirm, 409, "order.not_pending");
        expect(cancelled.version).toBe(2);
        expect(now.version).toBe(2);
      }
    }
  });

  it("a line added while the order is confirmed: either it made it before the confirm, or it is refused", async () => {
    const orders = await Promise.all(Array.from({ length: 5 }, pending));
    for (const order of orders) {
      const product = await freshProduct();
      const [add, confirm] = await Promise.all([
        api.addLine(order.id, line(product, 1)),
        api.confirm(order.id),
      ]);
      expect(confirm.statusCode).toBe(200);
      const now: OrderJson = await expectConsistent(t, order.id);
      expect(now.status).toBe("Confirmed");
      if (add.statusCode === 200) {
        expect(now.lines.map((l) => l.productId)).toContain(product);
        expect(now.version).toBe(3);
      } else {
        expectProblem(add, 409, "order.not_modifiable");
        expect(now.lines.map((l) => l.productId)).not.toContain(product);
        expect(now.version).toBe(2);
      }
    }
  });
});

/** An order at version 2 (placed, then a line added) and the three commands, each with given headers. */
async function orderAtVersion2(): Promise<OrderJson> {
  const placed = await api.placed([line(await freshProduct())], customerId);
  return orderOf(await api.addLine(placed.id, line(await freshProduct())));
}

const commands: [string, (id: string, headers: Record<string, string>) => Promise<Response>][] = [
  ["add line", (id, headers) => api.addLine(id, line(spare), headers)],
  ["confirm", (id, headers) => api.confirm(id, headers)],
  ["cancel", (id, headers) => api.cancel(id, "no longer needed", headers)],
];

describe("optimistic concurrency with If-Match", () => {
  it.each(commands)("%s with the current ETag succeeds and answers the next one", async (_name, send) => {
    const order = await orderAtVersion2();
    const res = await send(order.id, { "if-match": '"2"' });
    expect(orderOf(res).version).toBe(3);
    expect(res.headers.etag).toBe('"3"');
    await expectConsistent(t, order.id);
  });

  it.each(commands)(
    "%s with a stale ETag → 412 with the current version, nothing written",
    async (_name, send) => {
      const order = await orderAtVersion2();
      const res = await expectNoWrite(t.db, () => send(order.id, { "if-match": '"1"' }));
      const problem = expectProblem(res, 412, "precondition_failed");
      expect(problem.currentVersion).toBe(2);
    },
  );

  it.each(commands)("%s with an ETag from the future → 412, nothing written", async (_name, send) => {
    const order = await orderAtVersion2();
    expectProblem(
      await expectNoWrite(t.db, () => send(order.id, { "if-match": '"7"' })),
      412,
      "precondition_failed",
    );
  });

  it('accepts the weak form W/"n" of the ETag', async () => {
    const order = await orderAtVersion2();
    expect(orderOf(await api.confirm(order.id, { "if-match": 'W/"2"' })).status).toBe("Confirmed");
  });

  it("the ETag from GET is what If-Match takes", async () => {
    const order = await orderAtVersion2();
    const etag = (await api.get(order.id)).headers.etag as string;
    expect(orderOf(await api.cancel(order.id, "because", { "if-match": etag })).status).toBe("Cancelled");
    // and the old one is now stale
    expectProblem(
      await api.addLine(order.id, line(await freshProduct()), { "if-match": etag }),
      412,
      "precondition_failed",
    );
  });

  it.each(["2", '"abc"', '"2', '"-1"', "W/2", '"1", "2"'])(
    "a malformed If-Match (%s) → 400 invalid_if_match, nothing written",
    async (value) => {
      const order = await orderAtVersion2();
      for (const [, send] of commands) {
        expectProblem(
          await expectNoWrite(t.db, () => send(order.id, { "if-match": value })),
          400,
          "invalid_if_match",
        );
      }
    },
  );

  it("a stale If-Match on an unknown order → 404", async () => {
    expectProblem(await api.confirm(newUuid(), { "if-match": '"1"' }), 404, "order.not_found");
  });
});
