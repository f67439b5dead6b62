import { createEvent, OrderConfirmed, StockLow } from "@ecommerce/contracts";
import { DeadLetterReasons } from "@ecommerce/messaging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import {
  expectConsistent,
  expectNoWrite,
  expectProblem,
  line,
  newUuid,
  orderOf,
  ordersApi,
  snapshot,
} from "../support/orders-api.ts";
import { outboxRows } from "../support/outbox.ts";
import {
  address,
  CATALOG_SUBSCRIPTION,
  CUSTOMER_SUBSCRIPTION,
  events,
  type Replicas,
  replicas,
} from "../support/replicas.ts";

// Ordering never asks catalog or customer at request time: it prices lines and checks buyers
// against replicas that their events keep (buyers, catalog_products). These tests feed the replicas
// through ordering's consumers, exactly as the bus subscriptions do, and watch the HTTP API.

let t: OrderingTestApp;
let api: ReturnType<typeof ordersApi>;
let seed: Replicas;
beforeAll(async () => {
  t = await createOrderingTestApp();
  api = ordersApi(t);
  seed = replicas(t);
});
afterAll(() => t.close());

/** A point in time `seconds` after a fixed origin: event times the tests control. */
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 26, 9, 0, seconds));

async function replicaRow(productId: string) {
  const rows = await t.db.$queryRawUnsafe<
    { unit_price: string; currency: string; active: boolean; as_of: Date }[]
  >(
    "SELECT unit_price::text, currency, active, as_of FROM catalog_products WHERE product_id = $1::uuid",
    productId,
  );
  return rows[0];
}

async function buyerRow(customerId: string) {
  const rows = await t.db.$queryRawUnsafe<
    { name: string; active: boolean; default_shipping_address: unknown; as_of: Date }[]
  >(
    "SELECT name, active, default_shipping_address, as_of FROM buyers WHERE customer_id = $1::uuid",
    customerId,
  );
  return rows[0];
}

describe("prices come from the product replica", () => {
  it("a line is priced at the price the catalog announced, not at anything the client says", async () => {
    const product = await seed.product("19.95");
    const order = orderOf(
      await api.place({ customerId: await seed.customer(), lines: [line(product, 2)] }),
      201,
    );
    expect(order.lines).toEqual([
      {
        productId: product,
        quantity: 2,
        unitPrice: { amount: "19.95", currency: "EUR" },
        lineTotal: { amount: "39.90", currency: "EUR" },
      },
    ]);
    expect(order.total).toEqual({ amount: "39.90", currency: "EUR" });
    await expectConsistent(t, order.id);
  });

  it("a price change applies to new lines only: lines already ordered keep their price", async () => {
    const [kept, added] = (await seed.products(["10.00", "4.00"])) as [string, string];
    const customerId = await seed.customer();
    const before = orderOf(await api.place({ customerId, lines: [line(kept, 1)] }), 201);

    await seed.changePrice(kept, "12.00");
    await seed.changePrice(added, "5.00");

    // the existing order still reads 10.00 for its line ...
    expect((await api.get(before.id)).json().lines[0].unitPrice).toEqual({
      amount: "10.00",
      currency: "EUR",
    });
    // ... more units of it merge at 10.00, while a product added now is priced at its new price
    orderOf(await api.addLine(before.id, line(kept, 1)));
    const now = orderOf(await api.addLine(before.id, line(added, 1)));
    expect(now.lines.map((l) => [l.productId, l.quantity, l.unitPrice.amount])).toEqual([
      [kept, 2, "10.00"],
      [added, 1, "5.00"],
    ]);
    expect(now.total.amount).toBe("25.00");
    // a new order takes the new price
    const after = orderOf(await api.place({ customerId, lines: [line(kept, 1)] }), 201);
    expect(after.lines[0]?.unitPrice.amount).toBe("12.00");

    // and the price at the time of ordering is what the confirmed order tells the other contexts
    orderOf(await api.confirm(before.id));
    await seed.changePrice(kept, "99.00");
    const confirmed = (await outboxRows(t.db, before.id)).find((r) => r.event.type === OrderConfirmed.type);
    expect(confirmed?.event.data).toMatchObject({
      lines: [
        { productId: kept, quantity: 2, unitPrice: { amount: "10.00", currency: "EUR" } },
        { productId: added, quantity: 1, unitPrice: { amount: "5.00", currency: "EUR" } },
      ],
      total: { amount: "25.00", currency: "EUR" },
    });
    expect((await expectConsistent(t, before.id)).total.amount).toBe("25.00");
  });

  it("a discontinued product → 422 order.product_discontinued, on place and on add line, nothing written", async () => {
    const [product, other] = (await seed.products(["3.00", "1.00"])) as [string, string];
    const customerId = await seed.customer();
    const pending = orderOf(await api.place({ customerId, lines: [line(other, 1)] }), 201);
    await seed.discontinue(product);

    const placing = await expectNoWrite(t.db, () =>
      api.place({ customerId, lines: [line(other), line(product)] }),
    );
    expect(expectProblem(placing, 422, "order.product_discontinued").detail).toContain(product);
    expectProblem(
      await expectNoWrite(t.db, () => api.addLine(pending.id, line(product, 1))),
      422,
      "order.product_discontinued",
    );
  });

  it("a product discontinued after it was ordered stays on the order, which can still be confirmed", async () => {
    const product = await seed.product("3.00");
    const placed = await api.placed([line(product, 2)]);
    await seed.discontinue(product);
    expectProblem(await api.addLine(placed.id, line(product, 1)), 422, "order.product_discontinued");
    const confirmed = orderOf(await api.confirm(placed.id));
    expect(confirmed.lines).toEqual(placed.lines);
    expect(confirmed.status).toBe("Confirmed");
  });

  it("a product ordering has never heard of → 422 order.unknown_product naming it, nothing written", async () => {
    const unknown = newUuid();
    const customerId = await seed.customer();
    const res = await expectNoWrite(t.db, () => api.place({ customerId, lines: [line(unknown, 1)] }));
    expect(expectProblem(res, 422, "order.unknown_product").detail).toContain(unknown);
  });

  it("a product becomes orderable once its ProductCreated arrives", async () => {
    const productId = newUuid();
    const customerId = await seed.customer();
    expectProblem(await api.place({ customerId, lines: [line(productId)] }), 422, "order.unknown_product");
    await seed.fromCatalog(events.productCreated(productId, { amount: "7.50", currency: "EUR" }));
    const order = orderOf(await api.place({ customerId, lines: [line(productId, 2)] }), 201);
    expect(order.total.amount).toBe("15.00");
  });
});

describe("buyers come from the customer replica", () => {
  it("a customer ordering has never heard of → 422 order.unknown_customer naming it, nothing written", async () => {
    const customerId = newUuid();
    const product = await seed.product();
    const res = await expectNoWrite(t.db, () => api.place({ customerId, lines: [line(product)] }));
    expect(expectProblem(res, 422, "order.unknown_customer").detail).toContain(customerId);
    // an empty order too: the buyer is checked whatever the lines
    expectProblem(
      await expectNoWrite(t.db, () => api.place({ customerId, lines: [] })),
      422,
      "order.unknown_customer",
    );
  });

  it("a deactivated customer → 422 order.customer_inactive, nothing written; earlier orders are untouched", async () => {
    const customerId = await seed.customer();
    const product = await seed.product("2.00");
    const earlier = await api.placed([line(product)], customerId);
    await seed.deactivate(customerId);

    const res = await expectNoWrite(t.db, () => api.place({ customerId, lines: [line(product)] }));
    expect(expectProblem(res, 422, "order.customer_inactive").detail).toContain(customerId);
    expectProblem(
      await expectNoWrite(t.db, () => api.place({ customerId, lines: [] })),
      422,
      "order.customer_inactive",
    );
    // the order placed before the deactivation still exists and can be cancelled
    expect(orderOf(await api.cancel(earlier.id, "account closed")).status).toBe("Cancelled");
  });

  it("deactivation is final: a later registration or profile event does not reactivate the buyer", async () => {
    const customerId = await seed.customer({}, { time: at(1) });
    await seed.deactivate(customerId, { time: at(2) });
    await seed.fromCustomer(events.customerRegistered(customerId, { name: "Ada Again" }, { time: at(3) }));
    await seed.rename(customerId, "Ada Renamed", { time: at(4) });
    expect(await buyerRow(customerId)).toMatchObject({ active: false, name: "Ada Renamed" });
    expectProblem(await api.place({ customerId, lines: [] }), 422, "order.customer_inactive");
  });
});

describe("a late event, older than what the replica holds, changes nothing", () => {
  it("an older price change arriving after a newer one leaves the newer price", async () => {
    const product = await seed.product("10.00", "EUR", { time: at(0) });
    await seed.changePrice(product, "15.00", "EUR", { time: at(20) });
    await seed.changePrice(product, "11.00", "EUR", { time: at(10) }); // late
    expect(await replicaRow(product)).toMatchObject({ unit_price: "15.0000", active: true });
    const order = await api.placed([line(product)]);
    expect(order.lines[0]?.unitPrice.amount).toBe("15.00");
  });

  it("an older ProductCreated arriving after a price change does not bring the old price back", async () => {
    const productId = newUuid();
    await seed.fromCatalog(
      events.productCreated(productId, { amount: "10.00", currency: "EUR" }, {}, { time: at(0) }),
    );
    await seed.changePrice(productId, "12.00", "EUR", { time: at(30) });
    // the same creation published again (a new event id, its original time), e.g. by a replay
    await seed.fromCatalog(
      events.productCreated(productId, { amount: "10.00", currency: "EUR" }, {}, { time: at(0) }),
    );
    expect(await replicaRow(productId)).toMatchObject({ unit_price: "12.0000" });
  });

  it("an older price change arriving after the discontinuation does not make the product orderable", async () => {
    const product = await seed.product("10.00", "EUR", { time: at(0) });
    await seed.discontinue(product, { time: at(20) });
    await seed.changePrice(product, "8.00", "EUR", { time: at(10) }); // late
    expect(await replicaRow(product)).toMatchObject({ unit_price: "10.0000", active: false });
    expectProblem(
      await api.place({ customerId: await seed.customer(), lines: [line(product)] }),
      422,
      "order.product_discontinued",
    );
  });

  it("an older address change arriving after a newer one leaves the newer default address", async () => {
    const customerId = await seed.customer(
      { defaultShippingAddress: address({ city: "Utrecht" }) },
      { time: at(0) },
    );
    await seed.changeAddress(customerId, address({ city: "Rotterdam" }), { time: at(20) });
    await seed.changeAddress(customerId, address({ city: "Leiden" }), { time: at(10) }); // late
    const order = orderOf(await api.place({ customerId, lines: [] }), 201);
    expect(order.shippingAddress?.city).toBe("Rotterdam");
  });

  it("an older registration arriving after a rename keeps the newer name", async () => {
    const customerId = await seed.customer({ name: "Ada Lovelace" }, { time: at(0) });
    await seed.rename(customerId, "Ada King", { time: at(20) });
    await seed.fromCustomer(events.customerRegistered(customerId, { name: "Ada Byron" }, { time: at(10) })); // late
    expect(await buyerRow(customerId)).toMatchObject({ name: "Ada King", active: true });
  });
});

describe("a change that arrives before its creation event", () => {
  it("fails its delivery without an inbox row, so the retry applies it once the creation has arrived", async () => {
    const productId = newUuid();
    const change = events.productPriceChanged(
      productId,
      { amount: "30.00", currency: "EUR" },
      { time: at(5) },
    );
    await expect(seed.fromCatalog(change)).rejects.toThrow(/not in the replica yet/);
    const inbox = await t.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM messaging_inbox WHERE event_id = $1::uuid",
      change.id,
    );
    expect(inbox).toEqual([{ n: 0 }]);

    await seed.fromCatalog(
      events.productCreated(productId, { amount: "10.00", currency: "EUR" }, {}, { time: at(0) }),
    );
    await seed.fromCatalog(change); // the bus redelivers it
    expect(await replicaRow(productId)).toMatchObject({ unit_price: "30.0000" });
  });

  it("a deactivation of a customer not yet registered is retried, never lost", async () => {
    const customerId = newUuid();
    const deactivation = events.customerDeactivated(customerId, { time: at(9) });
    await expect(seed.fromCustomer(deactivation)).rejects.toThrow(/not in the replica yet/);
    await seed.fromCustomer(events.customerRegistered(customerId, {}, { time: at(0) }));
    await seed.fromCustomer(deactivation);
    expect(await buyerRow(customerId)).toMatchObject({ active: false });
  });
});

describe("a redelivered event has no second effect (inbox)", () => {
  it("the same event on the same subscription again is skipped, even when its time would let it apply", async () => {
    const product = await seed.product("10.00", "EUR", { time: at(0) });
    // two changes stamped with the same time: only the inbox can tell a redelivery from news
    const first = events.productPriceChanged(product, { amount: "20.00", currency: "EUR" }, { time: at(5) });
    const second = events.productPriceChanged(product, { amount: "25.00", currency: "EUR" }, { time: at(5) });
    await seed.fromCatalog(first);
    await seed.fromCatalog(second);
    expect(await replicaRow(product)).toMatchObject({ unit_price: "25.0000" });

    const before = await snapshot(t.db);
    await seed.fromCatalog(first); // redelivered
    expect(await snapshot(t.db)).toEqual(before);
    expect(await replicaRow(product)).toMatchObject({ unit_price: "25.0000" });

    const inbox = await t.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM messaging_inbox WHERE subscription = $1 AND event_id = $2::uuid",
      CATALOG_SUBSCRIPTION,
      first.id,
    );
    expect(inbox).toEqual([{ n: 1 }]);
  });

  it("a redelivered address change does not undo a newer one with the same time", async () => {
    const customerId = await seed.customer({}, { time: at(0) });
    const home = events.customerAddressChanged(customerId, address({ city: "Haarlem" }), { time: at(5) });
    const work = events.customerAddressChanged(customerId, address({ city: "Delft" }), { time: at(5) });
    await seed.fromCustomer(home);
    await seed.fromCustomer(work);
    await seed.fromCustomer(home); // redelivered
    expect(await buyerRow(customerId)).toMatchObject({ default_shipping_address: { city: "Delft" } });
    const rows = await t.db.$queryRawUnsafe<{ subscription: string }[]>(
      "SELECT subscription FROM messaging_inbox WHERE event_id = $1::uuid",
      home.id,
    );
    expect(rows).toEqual([{ subscription: CUSTOMER_SUBSCRIPTION }]);
  });

  it("a stray event of a type ordering does not handle is refused for good, without an inbox row or an effect", async () => {
    const before = await snapshot(t.db);
    // StockLow is not routed to ordering; one that arrives anyway (a publisher on a newer topology)
    // is dead-lettered rather than acknowledged, so it is not lost if ordering should handle it
    const stray = createEvent(
      StockLow,
      { productId: newUuid(), available: 1, threshold: 5 },
      { correlationId: newUuid() },
    );
    await expect(seed.fromCatalog(stray)).rejects.toMatchObject({
      name: "PermanentFailure",
      reason: DeadLetterReasons.unhandledEventType,
    });
    expect(await snapshot(t.db)).toEqual(before);
  });
});

describe("the shipping address", () => {
  it("defaults to the buyer's default address", async () => {
    const home = address({
      recipient: "Grace Hopper",
      line1: "1 Navy Way",
      line2: "Apt 2",
      city: "Arlington",
    });
    const customerId = await seed.customer({ name: "Grace Hopper", defaultShippingAddress: home });
    const order = orderOf(await api.place({ customerId, lines: [line(await seed.product())] }), 201);
    expect(order.shippingAddress).toEqual(home);
    expect(await expectConsistent(t, order.id)).toEqual(order);
  });

  it("an address given with the order wins over the default", async () => {
    const customerId = await seed.customer({ name: "Grace Hopper" });
    const office = address({
      recipient: "Reception",
      line1: "5 Office Park",
      city: "Utrecht",
      region: "Utrecht",
    });
    const order = orderOf(await api.place({ customerId, lines: [], shippingAddress: office }), 201);
    expect(order.shippingAddress).toEqual(office);
    await expectConsistent(t, order.id);
  });

  it("the recipient of a given address defaults to the buyer's (latest) name", async () => {
    const customerId = await seed.customer({ name: "Grace Hopper" });
    await seed.rename(customerId, "Rear Admiral Hopper");
    const { recipient: _omitted, ...withoutRecipient } = address({ city: "Den Haag" });
    const order = orderOf(await api.place({ customerId, lines: [], shippingAddress: withoutRecipient }), 201);
    expect(order.shippingAddress).toEqual({ ...withoutRecipient, recipient: "Rear Admiral Hopper" });
  });

  it("is null when the buyer has no default address and the order names none", async () => {
    const customerId = await seed.customer({ defaultShippingAddress: null });
    const order = orderOf(await api.place({ customerId, lines: [] }), 201);
    expect(order.shippingAddress).toBeNull();
    await expectConsistent(t, order.id);
  });

  it("follows the buyer's address changes for new orders; placed orders keep the address they had", async () => {
    const customerId = await seed.customer({ defaultShippingAddress: address({ city: "Utrecht" }) });
    const first = orderOf(await api.place({ customerId, lines: [] }), 201);
    await seed.changeAddress(customerId, address({ city: "Groningen" }));
    const second = orderOf(await api.place({ customerId, lines: [] }), 201);
    await seed.changeAddress(customerId, null);
    const third = orderOf(await api.place({ customerId, lines: [] }), 201);

    expect([first, second, third].map((o) => o.shippingAddress?.city ?? null)).toEqual([
      "Utrecht",
      "Groningen",
      null,
    ]);
    expect((await api.get(first.id)).json().shippingAddress.city).toBe("Utrecht");
  });
});
