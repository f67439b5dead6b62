import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  countOrders,
  expectConsistent,
  expectNoWrite,
  expectProblem,
  line,
  newUuid,
  type OrderJson,
  orderOf,
  ordersApi,
} from "../support/orders-api.ts";
import { countOutbox } from "../support/outbox.ts";
import { type Replicas, replicas } from "../support/replicas.ts";

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
let customerId: string;
let products: string[];
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
  customerId = await seed.customer();
  products = await seed.products(["12.50", "3.00", "1.00", "2.00"]);
});
afterAll(() => t.close());

const key = () => `key-${newUuid()}`;

describe("Idempotency-Key on POST commands", () => {
  it("the same key with the same body replays the first response; one order is created", async () => {
    const k = key();
    const body = { customerId, lines: [line(products[0]!, 2)] };
    const before = await countOrders(t.db);
    const outboxBefore = await countOutbox(t.db);

    const first = await api.place(body, { "idempotency-key": k });
    const order = orderOf(first, 201);
    const again = await api.place(body, { "idempotency-key": k });
    const third = await api.place(structuredClone(body), { "idempotency-key": k });

    for (const replay of [again, third]) {
      expect(replay.statusCode).toBe(201);
      expect(replay.json()).toEqual(first.json());
      expect(replay.headers.location).toBe(first.headers.location);
      expect(replay.headers.etag).toBe(first.headers.etag);
      expect(replay.headers["content-type"]).toBe(first.headers["content-type"]);
      expect(replay.headers["idempotent-replayed"]).toBe("true");
    }
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(await countOrders(t.db)).toBe(before + 1);
    expect(await countOutbox(t.db)).toBe(outboxBefore + 1); // one OrderPlaced, not one per repeat
    await expectConsistent(t, order.id);
  });

  it("the same key with a different body → 422, nothing written", async () => {
    const k = key();
    orderOf(await api.place({ customerId, lines: [line(products[2]!, 1)] }, { "idempotency-key": k }), 201);
    const res = await expectNoWrite(t.db, () =>
      api.place({ customerId, lines: [line(products[3]!, 2)] }, { "idempotency-key": k }),
    );
    expectProblem(res, 422, "idempotency_key_reused");
  });

  it("the same key on another route → 422, nothing written", async () => {
    const k = key();
    const order = orderOf(
      await api.place({ customerId, lines: [line(products[2]!)] }, { "idempotency-key": k }),
      201,
    );
    const res = await expectNoWrite(t.db, () => api.confirm(order.id, { "idempotency-key": k }));
    expectProblem(res, 422, "idempotency_key_reused");
  });

  it("different keys with the same body are different requests", async () => {
    const body = { customerId, lines: [line(products[2]!)] };
    const before = await countOrders(t.db);
    const a = orderOf(await api.place(body, { "idempotency-key": key() }), 201);
    const b = orderOf(await api.place(body, { "idempotency-key": key() }), 201);
    expect(a.id).not.toBe(b.id);
    expect(await countOrders(t.db)).toBe(before + 2);
  });

  it("a repeated add-line does not add the units twice", async () => {
    const placed = await api.placed([], customerId);
    const k = key();
    const product = products[1]!;
    const first = orderOf(await api.addLine(placed.id, line(product, 2), { "idempotency-key": k }));
    const again = await api.addLine(placed.id, line(product, 2), { "idempotency-key": k });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first);
    const now = await expectConsistent(t, placed.id);
    expect(now.lines).toEqual([expect.objectContaining({ productId: product, quantity: 2 })]);
    expect(now.version).toBe(2);
  });

  it("a repeated confirm replays its success instead of answering 409", async () => {
    const placed = await api.placed([line(products[2]!)], customerId);
    const k = key();
    const first = orderOf(await api.confirm(placed.id, { "idempotency-key": k }));
    const again = await api.confirm(placed.id, { "idempotency-key": k });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first);
    expect((await expectConsistent(t, placed.id)).version).toBe(2);
    // without the key, a second confirm is refused
    expectProblem(await api.confirm(placed.id), 409, "order.not_pending");
  });

  it("a refused command is replayed as refused (its answer is stored)", async () => {
    const placed = await api.placed([], customerId);
    const k = key();
    const first = await api.confirm(placed.id, { "idempotency-key": k });
    expectProblem(first, 409, "order.empty");
    orderOf(await api.addLine(placed.id, line(products[2]!)));
    const again = await api.confirm(placed.id, { "idempotency-key": k });
    expectProblem(again, 409, "order.empty");
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect((await api.get(placed.id)).json<OrderJson>().status).toBe("Pending");
  });

  it("a request refused by validation does not use up its key", async () => {
    const k = key();
    const bad = await expectNoWrite(t.db, () =>
      api.place({ customerId, lines: [{ ...line(products[2]!), quantity: "2" }] }, { "idempotency-key": k }),
    );
    expectProblem(bad, 400, "validation_failed");
    const good = await api.place({ customerId, lines: [line(products[2]!, 2)] }, { "idempotency-key": k });
    expect(orderOf(good, 201).customerId).toBe(customerId);
    expect(good.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("parallel repeats of one key create exactly one order", async () => {
    const k = key();
    const body = { customerId, lines: [line(products[2]!)] };
    const before = await countOrders(t.db);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => api.place(body, { "idempotency-key": k })),
    );

    const created = responses.filter((r) => r.statusCode === 201);
    const busy = responses.filter((r) => r.statusCode === 409);
    expect(created.length + busy.length, responses.map((r) => r.statusCode).join()).toBe(8);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.json<OrderJson>().id)).size).toBe(1);
    for (const r of busy) expectProblem(r, 409, "idempotency_in_progress");
    expect(await countOrders(t.db)).toBe(before + 1);

    // once the first has answered, every repeat replays it
    const later = await api.place(body, { "idempotency-key": k });
    expect(later.json<OrderJson>().id).toBe(created[0]!.json<OrderJson>().id);
  });
});
