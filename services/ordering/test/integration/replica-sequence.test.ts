import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import { events, type Replicas, replicas } from "../support/replicas.ts";

// Two catalog (or customer) instances with skewed clocks publish changes of one aggregate: the later
// change can carry the earlier time. The replicas order changes by the event's position in its
// aggregate's stream (`sequence`, the publisher's aggregate version), never by wall-clock time;
// events without a sequence (older publishers) are still ordered by their time.

let t: OrderingTestApp;
let seed: Replicas;
beforeAll(async () => {
  t = await createOrderingTestApp();
  seed = replicas(t);
});
afterAll(() => t.close());

const T0 = Date.parse("2026-11-26T12:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function price(productId: string): Promise<string | undefined> {
  const rows = await t.db.$queryRawUnsafe<{ price: string }[]>(
    "SELECT unit_price::numeric(19,2)::text AS price FROM catalog_products WHERE product_id = $1::uuid",
    productId,
  );
  return rows[0]?.price;
}

async function buyerName(customerId: string): Promise<string | undefined> {
  const rows = await t.db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM buyers WHERE customer_id = $1::uuid",
    customerId,
  );
  return rows[0]?.name;
}

describe("the product replica keeps the change highest in the product's stream", () => {
  it("a later change stamped with an earlier time (a slow clock) still wins", async () => {
    const productId = await seed.product("10.00", "EUR", { time: at(0), sequence: 1 });
    await seed.changePrice(productId, "11.00", "EUR", { time: at(10), sequence: 2 }); // fast clock
    await seed.changePrice(productId, "12.00", "EUR", { time: at(1), sequence: 3 }); // slow clock, later change
    expect(await price(productId)).toBe("12.00");
  });

  it("an earlier change arriving late (redelivered, replayed) changes nothing, whatever its time", async () => {
    const productId = await seed.product("10.00", "EUR", { time: at(0), sequence: 1 });
    await seed.changePrice(productId, "12.00", "EUR", { time: at(1), sequence: 3 });
    await seed.changePrice(productId, "11.00", "EUR", { time: at(10), sequence: 2 });
    expect(await price(productId)).toBe("12.00");
  });

  it("a creation replayed after later changes does not roll them back", async () => {
    const productId = randomUUID();
    const created = { time: at(5), sequence: 1 };
    await seed.fromCatalog(
      events.productCreated(
        productId,
        { amount: "10.00", currency: "EUR" },
        {},
        { ...created, id: randomUUID() },
      ),
    );
    await seed.changePrice(productId, "12.00", "EUR", { time: at(1), sequence: 2 });
    // the same creation published again (another event id): an older position, ignored
    await seed.fromCatalog(
      events.productCreated(
        productId,
        { amount: "10.00", currency: "EUR" },
        {},
        { ...created, id: randomUUID() },
      ),
    );
    expect(await price(productId)).toBe("12.00");
  });

  it("events without a sequence (older publishers) keep today's order: by time", async () => {
    const productId = await seed.product("10.00", "EUR", { time: at(0) });
    await seed.changePrice(productId, "11.00", "EUR", { time: at(10) });
    await seed.changePrice(productId, "12.00", "EUR", { time: at(1) }); // older by time: ignored
    expect(await price(productId)).toBe("11.00");
  });
});

describe("the buyer replica keeps the change highest in the customer's stream", () => {
  it("a later rename stamped with an earlier time still wins; an earlier one arriving late changes nothing", async () => {
    const customerId = await seed.customer({ name: "Ada" }, { time: at(0), sequence: 1 });
    await seed.rename(customerId, "Ada B", { time: at(10), sequence: 2 });
    await seed.rename(customerId, "Ada C", { time: at(1), sequence: 3 });
    expect(await buyerName(customerId)).toBe("Ada C");
    await seed.rename(customerId, "Ada B", { time: at(20), sequence: 2 });
    expect(await buyerName(customerId)).toBe("Ada C");
  });

  it("events without a sequence keep today's order: by time", async () => {
    const customerId = await seed.customer({ name: "Grace" }, { time: at(0) });
    await seed.rename(customerId, "Grace B", { time: at(10) });
    await seed.rename(customerId, "Grace C", { time: at(1) });
    expect(await buyerName(customerId)).toBe("Grace B");
  });
});
