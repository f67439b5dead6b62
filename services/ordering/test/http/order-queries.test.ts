import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  expectProblem,
  expectValidationError,
  line,
  newUuid,
  type OrderJson,
  orderOf,
  ordersApi,
  type Response,
} from "../support/orders-api.ts";
import { type Replicas, replicas } from "../support/replicas.ts";

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
let product: string;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
  product = await seed.product("12.50");
});
afterAll(() => t.close());

describe("GET /orders/{id}", () => {
  it("answers the order exactly as the command returned it, with its version as ETag", async () => {
    const placed = await api.placed([line(product, 2)]);
    const res = await api.get(placed.id);
    expect(orderOf(res)).toEqual(placed);
    expect(res.headers.etag).toBe('"1"');
  });

  it("answers 304 without a body when If-None-Match is the current ETag", async () => {
    const placed = await api.placed([line(product)]);
    const res = await api.get(placed.id, { "if-none-match": '"1"' });
    expect(res.statusCode).toBe(304);
    expect(res.body).toBe("");
    expect(res.headers.etag).toBe('"1"');
  });

  it("answers 200 with the new ETag once the order changed since the client's copy", async () => {
    const placed = await api.placed([line(product)]);
    orderOf(await api.addLine(placed.id, line(await seed.product())));
    const res = await api.get(placed.id, { "if-none-match": '"1"' });
    const order = orderOf(res);
    expect(order.version).toBe(2);
    expect(res.headers.etag).toBe('"2"');
    expect((await api.get(placed.id, { "if-none-match": '"2"' })).statusCode).toBe(304);
  });

  it("If-None-Match also matches a weak ETag, one of a list, or *", async () => {
    const placed = await api.placed([line(product)]);
    for (const header of ['W/"1"', '"7", "1"', "*"]) {
      expect((await api.get(placed.id, { "if-none-match": header })).statusCode).toBe(304);
    }
    expect((await api.get(placed.id, { "if-none-match": '"7", W/"8"' })).statusCode).toBe(200);
  });

  it("unknown id → 404 problem+json", async () => {
    const id = newUuid();
    const res = await api.get(id);
    const problem = expectProblem(res, 404, "order.not_found");
    expect(problem.detail).toContain(id);
    expect(res.headers.etag).toBeUndefined();
  });

  it("a malformed id → 400 problem+json naming params.id", async () => {
    expectValidationError(await t.app.inject({ method: "GET", url: "/orders/42" }), "params.id");
    expectValidationError(
      await t.app.inject({ method: "GET", url: "/orders/0193a6f0-0000-7000-8000-00000000000g" }),
      "params.id",
    );
  });
});

interface PageJson {
  items: OrderJson[];
  nextCursor: string | null;
}

const alice = newUuid();
const bob = newUuid();
/** Alice's orders in the order they were placed (oldest first), as the API last answered them. */
const alices: OrderJson[] = [];

function pageOf(res: Response): PageJson {
  expect(res.statusCode, res.body).toBe(200);
  const page = res.json<PageJson>();
  expect(Object.keys(page).sort()).toEqual(["items", "nextCursor"]);
  return page;
}

describe("GET /orders?customerId=&cursor=&limit=", () => {
  beforeAll(async () => {
    await seed.customer({ customerId: alice, name: "Alice" });
    await seed.customer({ customerId: bob, name: "Bob" });
    for (let i = 0; i < 7; i++) {
      alices.push(await api.placed([line(product, i + 1)], alice));
      if (i % 3 === 0) await api.placed([line(product)], bob); // interleaved, must never show up for alice
    }
    // the list reflects later changes, too
    const first = alices[0]!;
    const confirmed = await api.confirm(first.id);
    expect(confirmed.statusCode).toBe(200);
    alices[0] = confirmed.json<OrderJson>();
  });

  it("pages through the customer's orders newest first, ending with nextCursor null", async () => {
    const seen: OrderJson[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: PageJson = pageOf(
        await api.list({ customerId: alice, limit: 3, ...(cursor ? { cursor } : {}) }),
      );
      sizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (cursor !== null) expect(typeof cursor).toBe("string");
    } while (cursor !== null && sizes.length < 10);

    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([...alices].reverse()); // the documents GET answers, newest first, each once
    expect(seen.every((o) => o.customerId === alice)).toBe(true);
    const dates = seen.map((o) => o.orderDate);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("answers every order on one page by default (limit 20), nextCursor null", async () => {
    const page = pageOf(await api.list({ customerId: alice }));
    expect(page.items.map((o) => o.id)).toEqual(alices.map((o) => o.id).reverse());
    expect(page.nextCursor).toBeNull();
  });

  it("gives no cursor when the last page is exactly full", async () => {
    const page = pageOf(await api.list({ customerId: alice, limit: 7 }));
    expect(page.items).toHaveLength(7);
    expect(page.nextCursor).toBeNull();
  });

  it("gives a cursor when more remain, and the next page starts right after", async () => {
    const first = pageOf(await api.list({ customerId: alice, limit: 6 }));
    expect(first.nextCursor).not.toBeNull();
    const rest = pageOf(await api.list({ customerId: alice, limit: 6, cursor: first.nextCursor! }));
    expect(rest.items.map((o) => o.id)).toEqual([alices[0]!.id]);
    expect(rest.nextCursor).toBeNull();
  });

  it("shows only that customer's orders", async () => {
    const page = pageOf(await api.list({ customerId: bob }));
    expect(page.items).toHaveLength(3);
    expect(page.items.every((o) => o.customerId === bob)).toBe(true);
  });

  it("answers an empty page for a customer without orders", async () => {
    expect(pageOf(await api.list({ customerId: newUuid() }))).toEqual({ items: [], nextCursor: null });
  });

  describe("refuses bad parameters with 400 problem+json", () => {
    it.each([
      ["customerId not a UUID", { customerId: "alice" }, "querystring.customerId"],
      ["limit zero", { customerId: alice, limit: 0 }, "querystring.limit"],
      ["limit above 100", { customerId: alice, limit: 101 }, "querystring.limit"],
      ["limit not a number", { customerId: alice, limit: "ten" }, "querystring.limit"],
      ["limit fractional", { customerId: alice, limit: 2.5 }, "querystring.limit"],
      ["cursor oversize", { customerId: alice, cursor: "c".repeat(201) }, "querystring.cursor"],
      ["an unknown parameter", { customerId: alice, sort: "total" }, "querystring.sort"],
      ["status not a status", { status: "Lost" }, "querystring.status"],
      ["from not a date-time", { from: "yesterday" }, "querystring.from"],
    ])("%s", async (_what, query, field) => {
      expectValidationError(await api.list(query), field);
    });

    it.each([
      ["garbage", "not-a-cursor!"],
      ["base64 of something else", Buffer.from("hello world").toString("base64url")],
      ["base64 of half an id", Buffer.from(newUuid().slice(0, 18)).toString("base64url")],
    ])("an invalid cursor (%s) → 400 invalid_cursor", async (_what, cursor) => {
      expectProblem(await api.list({ customerId: alice, cursor }), 400, "invalid_cursor");
    });
  });
});

// SERVICE_ROLE=read|write: a read instance serves only queries, a write instance only commands.
describe("SERVICE_ROLE", () => {
  let reader: OrderingTestApp;
  let writer: OrderingTestApp;
  beforeAll(async () => {
    [reader, writer] = await Promise.all([
      createOrderingTestApp({ role: "read" }),
      createOrderingTestApp({ role: "write" }),
    ]);
  });
  afterAll(() => Promise.all([reader?.close(), writer?.close()]));

  it("a read instance answers queries and has no command routes", async () => {
    const api = ordersApi(reader);
    const customerId = await replicas(reader).customer();
    expectProblem(await api.place({ customerId, lines: [] }), 404, "route_not_found");
    expectProblem(await api.confirm(newUuid()), 404, "route_not_found");
    expectProblem(await api.get(newUuid()), 404, "order.not_found");
    expect((await api.list({ customerId: newUuid() })).statusCode).toBe(200);
  });

  it("a write instance answers commands and has no query routes", async () => {
    const api = ordersApi(writer);
    const placed = await api.placed([line(await replicas(writer).product())]);
    expect((await api.confirm(placed.id)).statusCode).toBe(200);
    expectProblem(await api.get(placed.id), 404, "route_not_found");
    expectProblem(await api.list({ customerId: placed.customerId }), 404, "route_not_found");
  });
});
