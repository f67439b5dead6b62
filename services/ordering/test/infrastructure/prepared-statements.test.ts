import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";

// The service's Prisma client runs on the kit's adapter (prismaPgAdapter): a statement is prepared
// by name on its connection the first time and reused, instead of being parsed and planned each call.
let t: OrderingTestApp;
beforeAll(async () => {
  t = await createOrderingTestApp();
});
afterAll(() => t.close());

describe("the ordering database client", () => {
  it("prepares each statement once per connection and runs it again by name", async () => {
    const statements = await t.db.$transaction(async (tx) => {
      // One transaction holds one connection: the same query twice, then that session's statements.
      await tx.order.findMany({ where: { customerId: "00000000-0000-7000-8000-000000000001" } });
      await tx.order.findMany({ where: { customerId: "00000000-0000-7000-8000-000000000002" } });
      return tx.$queryRawUnsafe<{ name: string; statement: string }[]>(
        "SELECT name, statement FROM pg_prepared_statements",
      );
    });
    const ordersQueries = statements.filter((s) => s.statement.includes('FROM "public"."orders"'));
    expect(ordersQueries).toHaveLength(1);
    expect(ordersQueries[0]?.name).toMatch(/^prisma_[0-9a-f]{24}$/);
  });
});
