import { STAFF_ROLES } from "@ecommerce/service-kit";
import {
  authorisationMatrix,
  expectEveryRouteDeclared,
  expectProblem,
  type TestIssuer,
  testIssuer,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import { forceStatus, line, type OrderJson, ordersApi } from "../support/orders-api.ts";
import { type Replicas, replicas } from "../support/replicas.ts";

let t: OrderingTestApp;
let issuer: TestIssuer;
let seed: Replicas;
let api: ReturnType<typeof ordersApi>;
let product: string;
beforeAll(async () => {
  t = await createOrderingTestApp();
  issuer = await testIssuer();
  seed = replicas(t);
  api = ordersApi(t);
  product = await seed.product("3.00");
});
afterAll(() => t.close());

const as = async (sub: string, roles: string[]) => ({
  authorization: `Bearer ${await issuer.tokenFor({ sub, roles })}`,
});

describe("who may call ordering", () => {
  it("every route declares who may call it", () => {
    expectEveryRouteDeclared(t.app);
  });

  it("holds the authorisation matrix generated from the route table", async () => {
    expect(await authorisationMatrix({ app: t.app, issuer, staffRoles: STAFF_ROLES })).toEqual([]);
  });

  it("a customer reads and acts only on their own orders; another's answers 404 like a missing one", async () => {
    const ada = await seed.customer();
    const grace = await seed.customer();
    const adas = await api.placed([line(product)], ada);
    const asAda = await as(ada, ["customer"]);
    const asGrace = await as(grace, ["customer"]);

    expect((await api.get(adas.id, asAda)).statusCode).toBe(200);
    const foreign = await api.get(adas.id, asGrace);
    const missing = await api.get("018f0000-0000-7000-8000-000000000000", asGrace);
    expectProblem(foreign, 404, "order.not_found");
    expectProblem(missing, 404, "order.not_found");

    expectProblem(await api.confirm(adas.id, { ...asGrace, "if-match": '"1"' }), 404, "order.not_found");
    expectProblem(
      await api.cancel(adas.id, "not mine", { ...asGrace, "if-match": '"1"' }),
      404,
      "order.not_found",
    );
    expectProblem(
      await api.addLine(adas.id, line(product), { ...asGrace, "if-match": '"1"' }),
      404,
      "order.not_found",
    );
    expect((await api.get(adas.id)).json<OrderJson>().status).toBe("Pending");

    const confirmed = await api.confirm(adas.id, { ...asAda, "if-match": '"1"' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
  });

  it("a customer places orders only for themselves (403 otherwise), and lists only their own", async () => {
    const ada = await seed.customer();
    const grace = await seed.customer();
    await api.placed([line(product)], grace);
    const asAda = await as(ada, ["customer"]);
    const forGrace = await api.place({ customerId: grace, lines: [line(product)] }, asAda);
    expectProblem(forGrace, 403, "forbidden");
    const mine = await api.place({ customerId: ada, lines: [line(product)] }, asAda);
    expect(mine.statusCode, mine.body).toBe(201);

    const list = await t.app.inject({ method: "GET", url: "/orders", headers: asAda });
    expect(list.json().items.map((o: OrderJson) => o.customerId)).toEqual([ada]);
    const others = await t.app.inject({ method: "GET", url: `/orders?customerId=${grace}`, headers: asAda });
    expectProblem(others, 403, "forbidden");
  });

  it("staff list every customer's orders, by status and date placed, in cursor pages", async () => {
    const staff = await as("clerk", ["orders.read"]);
    const before = new Date().toISOString();
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push(await api.placed([line(product)]));
    await forceStatus(t.db, String(placed[1]?.id), "Cancelled");
    const after = new Date(Date.now() + 1000).toISOString();

    const list = async (query: string) => {
      const res = await t.app.inject({ method: "GET", url: `/orders?${query}`, headers: staff });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: OrderJson[]; nextCursor: string | null }>();
    };
    const window = `from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}`;
    const all = await list(window);
    expect(all.items.map((o) => o.id)).toEqual(placed.map((o) => o.id).reverse());
    const cancelled = await list(`${window}&status=Cancelled`);
    expect(cancelled.items.map((o) => o.id)).toEqual([placed[1]?.id]);
    const first = await list(`${window}&limit=2`);
    expect(first.items).toHaveLength(2);
    const second = await list(`${window}&limit=2&cursor=${encodeURIComponent(String(first.nextCursor))}`);
    expect([...first.items, ...second.items].map((o) => o.id)).toEqual(all.items.map((o) => o.id));
    expect(second.nextCursor).toBeNull();
    expect(
      (await list(`to=${encodeURIComponent(before)}&status=Pending&limit=100`)).items.map((o) => o.id),
    ).not.toContain(placed[0]?.id);
  });
});
