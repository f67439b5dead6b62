import { Money, newId } from "@ecommerce/domain-kernel";
import { ConcurrencyConflict, PrismaUnitOfWork } from "@ecommerce/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Order } from "../../src/domain/order.ts";
import type { Tx } from "../../src/infrastructure/database.ts";
import { PrismaOrderRepository } from "../../src/infrastructure/prisma-order-repository.ts";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import { expectConsistent, snapshot } from "../support/orders-api.ts";

// The write side below HTTP, deterministically: the version check in the UPDATE refuses a stale
// writer, and the aggregate, its lines and its read-model row commit or roll back together.

let t: OrderingTestApp;
let uow: PrismaUnitOfWork<Tx>;
let orders: PrismaOrderRepository;
beforeAll(async () => {
  t = await createOrderingTestApp();
  uow = new PrismaUnitOfWork<Tx>(t.db);
  orders = new PrismaOrderRepository(t.db, uow);
});
afterAll(() => t.close());

const eur = (amount: string) => Money.of(amount, "EUR");
const buyer = () => ({ customerId: newId(), active: true });
const ADDRESS = {
  recipient: "Ada Lovelace",
  line1: "12 Analytical Street",
  line2: "Floor 3",
  postalCode: "1011 AB",
  city: "Amsterdam",
  region: null,
  country: "NL",
};

async function placedOrder(shippingAddress: typeof ADDRESS | null = ADDRESS): Promise<Order> {
  const order = Order.place(
    newId(),
    buyer(),
    "EUR",
    [
      { productId: newId(), quantity: 2, unitPrice: eur("12.50") },
      { productId: newId(), quantity: 3, unitPrice: eur("0.10") },
    ],
    shippingAddress,
  );
  await uow.run(() => orders.add(order));
  return order;
}

describe("PrismaOrderRepository", () => {
  it("stores a new order at version 1 and clears its recorded events", async () => {
    const order = await placedOrder();
    expect(order.version).toBe(1);
    expect(order.domainEvents).toEqual([]);
    await expectConsistent(t, order.id);
  });

  it("restores exactly what it saved: status, currency, reason, address, date and the lines in order at exact prices", async () => {
    const order = await placedOrder();
    const big = newId();
    order.addLine(big, 10_000, eur("99999999999.99")); // a total within Money's bound, past a double's
    order.cancel("  restock  ");
    await uow.run(() => orders.save(order));

    const loaded = await orders.get(order.id);
    expect(loaded).toBeDefined();
    const view = (o: Order) => ({
      id: o.id,
      customerId: o.customerId,
      orderDate: o.orderDate.toISOString(),
      status: o.status,
      currency: o.currency,
      cancellationReason: o.cancellationReason,
      shippingAddress: o.shippingAddress,
      total: o.total.toJSON(),
      lines: o.lines.map((l) => [l.productId, l.quantity, l.unitPrice.amount]),
      version: o.version,
    });
    expect(view(loaded!)).toEqual(view(order));
    expect(loaded?.version).toBe(2);
    expect(loaded?.total.amount).toBe("999999999999925.30");
    expect(loaded?.shippingAddress).toEqual(ADDRESS);
    expect(loaded?.domainEvents).toEqual([]);
    await expectConsistent(t, order.id);
  });

  it("saves the lines of a loaded order when they changed, and keeps them when only the status did", async () => {
    const placed = await placedOrder();
    const lines = (o: Order | undefined) =>
      o?.lines.map((l) => [l.productId, l.quantity, l.unitPrice.amount]);

    const loaded = (await orders.get(placed.id))!;
    const extra = newId();
    loaded.addLine(extra, 1, eur("3.00"));
    await uow.run(() => orders.save(loaded));
    const withLine = await orders.get(placed.id);
    expect(lines(withLine)).toEqual([...lines(placed)!, [extra, 1, "3.00"]]);

    withLine!.cancel("changed my mind");
    await uow.run(() => orders.save(withLine!));
    const cancelled = await orders.get(placed.id);
    expect(cancelled?.status).toBe("Cancelled");
    expect(lines(cancelled)).toEqual(lines(withLine));
    await expectConsistent(t, placed.id);
  });

  it("stores an order without a shipping address as SQL NULL and restores it as null", async () => {
    const order = await placedOrder(null);
    expect((await orders.get(order.id))?.shippingAddress).toBeNull();
    const rows = await t.db.$queryRawUnsafe<{ missing: boolean }[]>(
      "SELECT shipping_address IS NULL AS missing FROM orders WHERE id = $1::uuid",
      order.id,
    );
    expect(rows).toEqual([{ missing: true }]);
    await expectConsistent(t, order.id);
  });

  it("answers undefined for an unknown id", async () => {
    expect(await orders.get(newId())).toBeUndefined();
  });

  it("refuses a stale writer: the second save of the same version fails and changes nothing", async () => {
    const order = await placedOrder();
    const first = (await orders.get(order.id))!;
    const second = (await orders.get(order.id))!;
    const [p1, p2] = [newId(), newId()];
    first.addLine(p1, 1, eur("1.00"));
    second.addLine(p2, 1, eur("1.00"));

    await uow.run(() => orders.save(first));
    const before = await snapshot(t.db);
    const error = await uow.run(() => orders.save(second)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyConflict);
    expect((error as ConcurrencyConflict).currentVersion).toBe(2);
    expect(await snapshot(t.db)).toEqual(before);

    const now = (await orders.get(order.id))!;
    expect(now.version).toBe(2);
    expect(now.lines.map((l) => l.productId)).toContain(p1);
    expect(now.lines.map((l) => l.productId)).not.toContain(p2);
    await expectConsistent(t, order.id);
  });

  it("writes nothing when something else in the save's transaction fails (state, lines and view roll back)", async () => {
    const failing = new PrismaOrderRepository(t.db, uow, [
      {
        onSaved: async () => {
          throw new Error("outbox unavailable");
        },
      },
    ]);
    const before = await snapshot(t.db);
    const order = Order.place(newId(), buyer(), "EUR", [
      { productId: newId(), quantity: 1, unitPrice: eur("1.00") },
    ]);
    await expect(uow.run(() => failing.add(order))).rejects.toThrow("outbox unavailable");
    expect(await snapshot(t.db)).toEqual(before);

    const existing = await placedOrder();
    const afterPlace = await snapshot(t.db);
    const loaded = (await orders.get(existing.id))!;
    loaded.confirm();
    await expect(uow.run(() => failing.save(loaded))).rejects.toThrow("outbox unavailable");
    expect(await snapshot(t.db)).toEqual(afterPlace);
  });

  it("cannot write outside a unit of work", async () => {
    const order = Order.place(newId(), buyer(), "EUR", []);
    await expect(orders.add(order)).rejects.toThrow(/no unit of work/);
  });
});
