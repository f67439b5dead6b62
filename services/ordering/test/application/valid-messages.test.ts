import { ContractViolationError } from "@ecommerce/contracts";
import { Command, Query } from "@ecommerce/service-kit";
import { exportedSubclasses } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddOrderLine } from "../../src/application/commands/add-order-line.ts";
import { CancelOrder } from "../../src/application/commands/cancel-order.ts";
import { ConfirmOrder } from "../../src/application/commands/confirm-order.ts";
import { PlaceOrder, type RequestedAddress } from "../../src/application/commands/place-order.ts";
import { GetOrder } from "../../src/application/queries/get-order.ts";
import { ListOrders, MAX_PAGE_SIZE } from "../../src/application/queries/list-orders.ts";
import { MAX_LINES_PER_ORDER, MAX_REASON_LENGTH } from "../../src/domain/order.ts";
import { MAX_QUANTITY_PER_LINE } from "../../src/domain/order-line.ts";
import { ADDRESS_MAX_LENGTHS } from "../../src/domain/shipping-address.ts";
import { createOrderingTestApp, type OrderingTestApp } from "../support/ordering-test-app.ts";
import { line, snapshot } from "../support/orders-api.ts";
import { expectRefused } from "../support/refusals.ts";
import { CATALOG_SUBSCRIPTION, events, type Replicas, replicas } from "../support/replicas.ts";

// The other side of message-validation.test.ts: the schemas must not refuse what the handlers take.
// Each message is sent valid (at its bounds where it has them) straight to the mediator and does its
// work; the same message one step past a bound is then refused, so the bound is the schema's.

let t: OrderingTestApp;
let seed: Replicas;
let customerId: string;
let productId: string;
beforeAll(async () => {
  t = await createOrderingTestApp();
  seed = replicas(t);
  customerId = await seed.customer({ name: "Ada Lovelace" });
  productId = await seed.product("12.50");
});
afterAll(() => t.close());

const place = (lines = [line(productId, 2)], address?: RequestedAddress) =>
  t.mediator.send(new PlaceOrder(customerId, lines, address));
const version = async (orderId: string) => (await t.mediator.ask(new GetOrder(orderId))).version;

describe("a valid message passes the mediator; one step past a bound it is refused", () => {
  it("PlaceOrder: an address at every maximum length, recipient and region absent, line2 null", async () => {
    const longest = (field: keyof typeof ADDRESS_MAX_LENGTHS, extra = 0) =>
      "x".repeat(ADDRESS_MAX_LENGTHS[field] + extra);
    const address = {
      line1: longest("line1"),
      line2: null,
      postalCode: longest("postalCode"),
      city: longest("city"),
      region: undefined,
      country: "NL",
    };
    const orderId = await place([line(productId, MAX_QUANTITY_PER_LINE)], address);
    const order = await t.mediator.ask(new GetOrder(orderId));
    // toEqual: the absent region is stored absent, the null line2 as null
    expect(order.shippingAddress).toEqual({ ...address, recipient: "Ada Lovelace" });
    expect(order.lines).toMatchObject([{ productId, quantity: MAX_QUANTITY_PER_LINE }]);

    await expectRefused(
      t.db,
      () => place([line(productId)], { ...address, postalCode: longest("postalCode", 1) }),
      "shippingAddress.postalCode",
    );
    await expectRefused(t.db, () => place([line(productId, MAX_QUANTITY_PER_LINE + 1)]), "lines.0.quantity");
  });

  it("PlaceOrder: as many requested lines as an order holds, no address (the buyer's default)", async () => {
    const lines = (n: number) => Array.from({ length: n }, () => line(productId, 1));
    const orderId = await place(lines(MAX_LINES_PER_ORDER));
    const order = await t.mediator.ask(new GetOrder(orderId));
    expect(order.lines).toMatchObject([{ productId, quantity: MAX_LINES_PER_ORDER }]);
    expect(order.shippingAddress).toMatchObject({ recipient: "Ada Lovelace" });

    await expectRefused(t.db, () => place(lines(MAX_LINES_PER_ORDER + 1)), "lines");
  });

  it("AddOrderLine, ConfirmOrder, CancelOrder: with an expected version, a reason at its longest", async () => {
    const orderId = await place();
    await expectRefused(
      t.db,
      () => t.mediator.send(new AddOrderLine(orderId, line(productId, 0))),
      "line.quantity",
    );
    await t.mediator.send(new AddOrderLine(orderId, line(productId, 1), await version(orderId)));

    await expectRefused(t.db, () => t.mediator.send(new ConfirmOrder(`${orderId}0`)), "orderId");
    await t.mediator.send(new ConfirmOrder(orderId, await version(orderId)));

    const reason = "r".repeat(MAX_REASON_LENGTH);
    await expectRefused(t.db, () => t.mediator.send(new CancelOrder(orderId, `${reason}r`)), "reason");
    await t.mediator.send(new CancelOrder(orderId, reason, await version(orderId)));

    const order = await t.mediator.ask(new GetOrder(orderId));
    expect(order).toMatchObject({ status: "Cancelled", cancellationReason: reason });
    expect(order.lines).toMatchObject([{ productId, quantity: 3 }]);
  });

  it("GetOrder and ListOrders: the largest page, then the next one by its cursor", async () => {
    const buyer = await seed.customer();
    const placed: string[] = [];
    for (let i = 0; i < 2; i++) placed.push(await t.mediator.send(new PlaceOrder(buyer, [])));

    const all = await t.mediator.ask(new ListOrders({ customerId: buyer }, undefined, MAX_PAGE_SIZE));
    expect(all.items.map((o) => o.id)).toEqual([...placed].reverse());
    const first = await t.mediator.ask(new ListOrders({ customerId: buyer }, undefined, 1));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await t.mediator.ask(
      new ListOrders({ customerId: buyer }, first.nextCursor ?? undefined, 1),
    );
    expect(second.items.map((o) => o.id)).toEqual([placed[0]]);
    expect((await t.mediator.ask(new GetOrder(placed[0]!))).customerId).toBe(buyer);

    await expectRefused(
      t.db,
      () => t.mediator.ask(new ListOrders({ customerId: buyer }, undefined, MAX_PAGE_SIZE + 1)),
      "limit",
    );
    await expectRefused(t.db, () => t.mediator.ask(new GetOrder(`${placed[0]}0`)), "orderId");
  });

  it("an integration event with an extension attribute CloudEvents lets through", async () => {
    const productId = await seed.product("1.00");
    const price = { amount: "2.50", currency: "EUR" };
    const changed = { ...events.productPriceChanged(productId, price), partitionkey: productId };
    await t.handleEvent(CATALOG_SUBSCRIPTION, changed);
    const orderId = await t.mediator.send(new PlaceOrder(customerId, [line(productId)]));
    expect((await t.mediator.ask(new GetOrder(orderId))).total).toEqual(price);

    const next = events.productPriceChanged(productId, { amount: "3.00", currency: "EUR" });
    const tooPrecise = { ...next, data: { ...next.data, price: { amount: "3.0", currency: "EUR" } } };
    const before = await snapshot(t.db);
    await expect(t.handleEvent(CATALOG_SUBSCRIPTION, tooPrecise)).rejects.toBeInstanceOf(
      ContractViolationError,
    );
    expect(await snapshot(t.db)).toEqual(before);
  });
});

/** Every Command and Query class the modules under src/application export. */
const applicationMessages = () =>
  exportedSubclasses(new URL("../../src/application/", import.meta.url), [Command, Query]);

describe("the application's messages", () => {
  it("each declare a schema of their own (a message without one is not validated at all)", async () => {
    const messages = await applicationMessages();
    // the scan finds them: a broken scan would pass vacuously
    expect(messages.map((m) => m.name).sort()).toEqual(
      expect.arrayContaining([
        "AddOrderLine",
        "CancelOrder",
        "ConfirmOrder",
        "GetOrder",
        "ListOrders",
        "PlaceOrder",
      ]),
    );
    expect(messages.filter((m) => !Object.hasOwn(m, "schema")).map((m) => m.name)).toEqual([]);
  });
});
