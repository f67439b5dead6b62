import { DomainError, type DomainErrorKind, Money } from "@ecommerce/domain-kernel";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  OrderAwaitingPayment,
  OrderCancelled,
  OrderConfirmed,
  OrderLineAdded,
  OrderPlaced,
} from "../../src/domain/events.ts";
import {
  type Buyer,
  MAX_LINES_PER_ORDER,
  MAX_REASON_LENGTH,
  type NewOrderLine,
  Order,
} from "../../src/domain/order.ts";
import { MAX_QUANTITY_PER_LINE, OrderLine } from "../../src/domain/order-line.ts";
import { type CancellationCause, ORDER_STATUSES, OrderStatus } from "../../src/domain/order-status.ts";
import type { ShippingAddress } from "../../src/domain/shipping-address.ts";

const ORDER = "0193a6f0-0000-7000-8000-00000000000a";
const CUSTOMER = "0193a6f0-0000-7000-8000-000000000001";
const P1 = "0193a6f0-0000-7000-8000-0000000000a1";
const P2 = "0193a6f0-0000-7000-8000-0000000000a2";
const P3 = "0193a6f0-0000-7000-8000-0000000000a3";
const NOW = new Date("2026-11-26T10:00:00.000Z");
const BUYER: Buyer = { customerId: CUSTOMER, active: true };
const ADDRESS: ShippingAddress = Object.freeze({
  recipient: "Ada Lovelace",
  line1: "12 Analytical Street",
  postalCode: "1011 AB",
  city: "Amsterdam",
  country: "NL",
});

const eur = (amount: string) => Money.of(amount, "EUR");
const line = (productId: string, quantity: number, amount: string): NewOrderLine => ({
  productId,
  quantity,
  unitPrice: eur(amount),
});

function placed(lines: NewOrderLine[] = [], shippingAddress: ShippingAddress | null = ADDRESS): Order {
  return Order.place(ORDER, BUYER, "EUR", lines, shippingAddress, NOW);
}

/** An order as it would be loaded from storage in any status (no events). */
function inStatus(status: OrderStatus, lines = [OrderLine.create(P1, 2, eur("12.50"))]): Order {
  return Order.restore(
    {
      id: ORDER,
      customerId: CUSTOMER,
      orderDate: NOW,
      status,
      currency: "EUR",
      cancellationReason: null,
      shippingAddress: ADDRESS,
      lines,
    },
    4,
  );
}

/** The DomainError `fn` throws; fails the test if it throws anything else or nothing. */
function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError, nothing was thrown");
}

function expectRefused(fn: () => unknown, code: string, kind: DomainErrorKind) {
  const error = domainErrorOf(fn);
  expect({ code: error.code, kind: error.kind }).toEqual({ code, kind });
}

/** What an order looks like from outside, to show that a refused command changed nothing. */
function stateOf(order: Order) {
  return {
    status: order.status,
    cancellationReason: order.cancellationReason,
    shippingAddress: order.shippingAddress,
    total: order.total.toJSON(),
    lines: order.lines.map((l) => [l.productId, l.quantity, l.unitPrice.amount]),
    events: order.domainEvents.length,
    version: order.version,
  };
}

function linesOf(order: Order) {
  return order.lines.map((l) => ({
    productId: l.productId,
    quantity: l.quantity,
    unitPrice: l.unitPrice.amount,
  }));
}

describe("Order.place", () => {
  it("places a Pending order for the customer and records OrderPlaced then one OrderLineAdded per line", () => {
    const order = placed([line(P1, 2, "12.50"), line(P2, 1, "3.10")]);

    expect(order.id).toBe(ORDER);
    expect(order.customerId).toBe(CUSTOMER);
    expect(order.orderDate).toEqual(NOW);
    expect(order.status).toBe(OrderStatus.Pending);
    expect(order.currency).toBe("EUR");
    expect(order.cancellationReason).toBeNull();
    expect(order.shippingAddress).toEqual(ADDRESS);
    expect(order.version).toBe(0);
    expect(order.total.toJSON()).toEqual({ amount: "28.10", currency: "EUR" });

    const [first, ...rest] = order.domainEvents;
    expect(first).toBeInstanceOf(OrderPlaced);
    expect(first).toMatchObject({
      name: "OrderPlaced",
      aggregateId: ORDER,
      customerId: CUSTOMER,
      currency: "EUR",
    });
    expect(rest).toHaveLength(2);
    expect(rest.every((e) => e instanceof OrderLineAdded)).toBe(true);
    expect(
      rest
        .map((e) => e as OrderLineAdded)
        .map((e) => [e.aggregateId, e.productId, e.quantity, e.unitPrice.amount]),
    ).toEqual([
      [ORDER, P1, 2, "12.50"],
      [ORDER, P2, 1, "3.10"],
    ]);
  });

  it("may be placed without lines: total zero in its currency, only OrderPlaced", () => {
    const order = placed();
    expect(order.lines).toEqual([]);
    expect(order.total.toJSON()).toEqual({ amount: "0.00", currency: "EUR" });
    expect(order.domainEvents.map((e) => e.name)).toEqual(["OrderPlaced"]);
  });

  it("refuses an unknown currency", () => {
    expectRefused(() => Order.place(ORDER, BUYER, "XYZ", [], null, NOW), "money.unknown_currency", "invalid");
    expectRefused(() => Order.place(ORDER, BUYER, "eur", [], null, NOW), "money.unknown_currency", "invalid");
  });

  it("refuses a deactivated customer: nothing is placed, whatever the lines", () => {
    const inactive = { customerId: CUSTOMER, active: false };
    expectRefused(
      () => Order.place(ORDER, inactive, "EUR", [], null, NOW),
      "order.customer_inactive",
      "invalid",
    );
    const error = domainErrorOf(() =>
      Order.place(ORDER, inactive, "EUR", [line(P1, 1, "1.00")], ADDRESS, NOW),
    );
    expect(error.code).toBe("order.customer_inactive");
    expect(error.message).toContain(CUSTOMER);
  });

  it("keeps the shipping address it was placed with, or none", () => {
    expect(placed([], ADDRESS).shippingAddress).toEqual(ADDRESS);
    expect(placed([], null).shippingAddress).toBeNull();
    expect(Order.place(ORDER, BUYER, "EUR", [], undefined, NOW).shippingAddress).toBeNull();
  });

  it("takes the time of placing from the clock unless given", () => {
    const before = Date.now();
    const order = Order.place(ORDER, BUYER, "EUR", []);
    expect(order.orderDate.getTime()).toBeGreaterThanOrEqual(before);
    expect(order.orderDate.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("refuses lines priced in another currency than the order's", () => {
    const usd = { productId: P1, quantity: 1, unitPrice: Money.of("1.00", "USD") };
    expectRefused(() => placed([line(P2, 1, "1.00"), usd]), "order.currency_mismatch", "invalid");
  });

  it("merges the same product given twice, keeping the first price", () => {
    const order = placed([line(P1, 2, "5.00"), line(P2, 1, "1.00"), line(P1, 3, "9.99")]);
    expect(linesOf(order)).toEqual([
      { productId: P1, quantity: 5, unitPrice: "5.00" },
      { productId: P2, quantity: 1, unitPrice: "1.00" },
    ]);
    expect(order.total.amount).toBe("26.00");
  });

  it("restoring an order from storage raises nothing and keeps its version", () => {
    const order = inStatus(OrderStatus.Paid);
    expect(order.domainEvents).toEqual([]);
    expect(order.version).toBe(4);
    expect(order.status).toBe(OrderStatus.Paid);
  });
});

describe("Order.addLine", () => {
  it("adds a line to a Pending order and records OrderLineAdded", () => {
    const order = placed();
    order.addLine(P1, 3, eur("0.10"));
    expect(linesOf(order)).toEqual([{ productId: P1, quantity: 3, unitPrice: "0.10" }]);
    expect(order.total.amount).toBe("0.30");
    const event = order.domainEvents.at(-1) as OrderLineAdded;
    expect(event).toBeInstanceOf(OrderLineAdded);
    expect([event.aggregateId, event.productId, event.quantity, event.unitPrice.amount]).toEqual([
      ORDER,
      P1,
      3,
      "0.10",
    ]);
  });

  it("keeps lines in the order they were first added", () => {
    const order = placed();
    order.addLine(P2, 1, eur("1.00"));
    order.addLine(P1, 1, eur("1.00"));
    order.addLine(P3, 1, eur("1.00"));
    order.addLine(P1, 1, eur("1.00"));
    expect(order.lines.map((l) => l.productId)).toEqual([P2, P1, P3]);
  });

  it("merges the same product: units are added and the first price is kept", () => {
    const order = placed([line(P1, 2, "12.50")]);
    order.addLine(P1, 3, eur("99.00"));
    expect(linesOf(order)).toEqual([{ productId: P1, quantity: 5, unitPrice: "12.50" }]);
    expect(order.total.amount).toBe("62.50");
    const event = order.domainEvents.at(-1) as OrderLineAdded;
    expect([event.productId, event.quantity, event.unitPrice.amount]).toEqual([P1, 3, "12.50"]);
  });

  it.each(ORDER_STATUSES.filter((s) => s !== OrderStatus.Pending))(
    "is refused once the order is %s",
    (status) => {
      const order = inStatus(status);
      const before = stateOf(order);
      expectRefused(() => order.addLine(P2, 1, eur("1.00")), "order.not_modifiable", "illegal-state");
      expectRefused(() => order.addLine(P1, 1, eur("1.00")), "order.not_modifiable", "illegal-state");
      expect(stateOf(order)).toEqual(before);
    },
  );

  it.each([
    [0, "order.invalid_quantity"],
    [-1, "order.invalid_quantity"],
    [2.5, "order.invalid_quantity"],
    [Number.NaN, "order.invalid_quantity"],
    [MAX_QUANTITY_PER_LINE + 1, "order.quantity_too_large"],
  ])("refuses the quantity %s with %s, for a new line and for a merge", (quantity, code) => {
    const order = placed([line(P1, 5, "1.00")]);
    const before = stateOf(order);
    expectRefused(() => order.addLine(P2, quantity, eur("1.00")), code, "invalid");
    expectRefused(() => order.addLine(P1, quantity, eur("1.00")), code, "invalid");
    expect(stateOf(order)).toEqual(before);
  });

  it("refuses a merge that would take the line past the maximum quantity", () => {
    const order = placed([line(P1, MAX_QUANTITY_PER_LINE - 1, "1.00")]);
    order.addLine(P1, 1, eur("1.00"));
    expect(order.lines[0]?.quantity).toBe(MAX_QUANTITY_PER_LINE);
    const before = stateOf(order);
    expectRefused(() => order.addLine(P1, 1, eur("1.00")), "order.quantity_too_large", "invalid");
    expect(stateOf(order)).toEqual(before);
  });

  it.each(["0.00", "-0.01"])("refuses the unit price %s, for a new line and for a merge", (amount) => {
    const order = placed([line(P1, 1, "1.00")]);
    const before = stateOf(order);
    expectRefused(() => order.addLine(P2, 1, eur(amount)), "order.invalid_unit_price", "invalid");
    expectRefused(() => order.addLine(P1, 1, eur(amount)), "order.invalid_unit_price", "invalid");
    expect(stateOf(order)).toEqual(before);
  });

  it("refuses a price in another currency than the order's, also for a product already on it", () => {
    const order = placed([line(P1, 1, "1.00")]);
    const before = stateOf(order);
    expectRefused(() => order.addLine(P2, 1, Money.of("1.00", "USD")), "order.currency_mismatch", "invalid");
    expectRefused(() => order.addLine(P1, 1, Money.of("1.00", "USD")), "order.currency_mismatch", "invalid");
    expect(stateOf(order)).toEqual(before);
  });

  it(`holds at most ${MAX_LINES_PER_ORDER} lines, but units can still be added to an existing one`, () => {
    const order = placed();
    const product = (i: number) => `0193a6f0-0000-7000-8000-${i.toString(16).padStart(12, "0")}`;
    for (let i = 0; i < MAX_LINES_PER_ORDER; i++) order.addLine(product(i), 1, eur("1.00"));
    expect(order.lines).toHaveLength(MAX_LINES_PER_ORDER);
    const before = stateOf(order);
    expectRefused(
      () => order.addLine(product(MAX_LINES_PER_ORDER), 1, eur("1.00")),
      "order.too_many_lines",
      "invalid",
    );
    expect(stateOf(order)).toEqual(before);
    order.addLine(product(0), 4, eur("1.00"));
    expect(order.lines[0]?.quantity).toBe(5);
    expect(order.total.amount).toBe(`${MAX_LINES_PER_ORDER + 4}.00`);
  });
});

describe("Order total (property)", () => {
  const products = [P1, P2, P3];
  const attempt = fc.record({
    product: fc.constantFrom(...products),
    // mostly valid quantities, sometimes invalid ones that must change nothing
    quantity: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 500 }) },
      { weight: 1, arbitrary: fc.integer({ min: -5, max: 0 }) },
      { weight: 1, arbitrary: fc.constant(2.5) },
    ),
    priceMinor: fc.oneof(
      { weight: 9, arbitrary: fc.bigInt({ min: 1n, max: 10n ** 9n }) },
      { weight: 1, arbitrary: fc.bigInt({ min: -100n, max: 0n }) },
    ),
  });

  it("always equals the sum of the lines, and a refused line changes nothing", () => {
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 40 }), (attempts) => {
        const order = placed();
        // an independent model: product -> units and the first accepted price
        const model = new Map<string, { units: number; price: bigint }>();
        for (const a of attempts) {
          const valid = Number.isInteger(a.quantity) && a.quantity > 0 && a.priceMinor > 0n;
          const before = stateOf(order);
          const known = model.get(a.product);
          const price = Money.fromMinor(a.priceMinor, "EUR");
          if (valid) {
            order.addLine(a.product, a.quantity, price);
            model.set(a.product, {
              units: (known?.units ?? 0) + a.quantity,
              price: known?.price ?? a.priceMinor,
            });
          } else {
            expect(() => order.addLine(a.product, a.quantity, price)).toThrow(DomainError);
            expect(stateOf(order)).toEqual(before);
          }
          const sumOfLines = order.lines.reduce((sum, l) => sum + l.lineTotal.minorUnits, 0n);
          expect(order.total.minorUnits).toBe(sumOfLines);
        }
        const expected = [...model.values()].reduce((sum, l) => sum + BigInt(l.units) * l.price, 0n);
        expect(order.total.minorUnits).toBe(expected);
        expect(order.lines.map((l) => [l.productId, l.quantity, l.unitPrice.minorUnits])).toEqual(
          [...model.entries()].map(([p, l]) => [p, l.units, l.price]),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe("Order.confirm", () => {
  it("confirms a Pending order with lines and records OrderConfirmed with its lines, total and address", () => {
    const order = placed([line(P1, 2, "12.50"), line(P2, 3, "0.10")]);
    order.confirm();
    expect(order.status).toBe(OrderStatus.Confirmed);
    const event = order.domainEvents.at(-1) as OrderConfirmed;
    expect(event).toBeInstanceOf(OrderConfirmed);
    expect(event.name).toBe("OrderConfirmed");
    expect(event.aggregateId).toBe(ORDER);
    expect(event.customerId).toBe(CUSTOMER);
    expect(event.total.toJSON()).toEqual({ amount: "25.30", currency: "EUR" });
    expect(event.lines.map((l) => [l.productId, l.quantity, l.unitPrice.amount])).toEqual([
      [P1, 2, "12.50"],
      [P2, 3, "0.10"],
    ]);
    expect(event.shippingAddress).toEqual(ADDRESS);
  });

  it("an order without a shipping address is confirmed with none in OrderConfirmed", () => {
    const order = placed([line(P1, 1, "1.00")], null);
    order.confirm();
    expect((order.domainEvents.at(-1) as OrderConfirmed).shippingAddress).toBeNull();
  });

  it("refuses an order without lines", () => {
    const order = placed();
    const before = stateOf(order);
    expectRefused(() => order.confirm(), "order.empty", "illegal-state");
    expect(stateOf(order)).toEqual(before);
  });

  it.each(ORDER_STATUSES.filter((s) => s !== OrderStatus.Pending))(
    "refuses an order that is %s",
    (status) => {
      const order = inStatus(status);
      const before = stateOf(order);
      expectRefused(() => order.confirm(), "order.not_pending", "illegal-state");
      expect(stateOf(order)).toEqual(before);
    },
  );

  it("cannot confirm twice", () => {
    const order = placed([line(P1, 1, "1.00")]);
    order.confirm();
    expectRefused(() => order.confirm(), "order.not_pending", "illegal-state");
    expect(order.domainEvents.filter((e) => e instanceof OrderConfirmed)).toHaveLength(1);
  });
});

describe("Order.cancel", () => {
  it.each([OrderStatus.Pending, OrderStatus.Confirmed, OrderStatus.AwaitingPayment, OrderStatus.Paid])(
    "cancels an order that is %s and records OrderCancelled with the reason and the previous status",
    (status) => {
      const order = inStatus(status);
      order.cancel("  changed my mind  ");
      expect(order.status).toBe(OrderStatus.Cancelled);
      expect(order.cancellationReason).toBe("changed my mind");
      expect(order.domainEvents).toHaveLength(1);
      const event = order.domainEvents[0] as OrderCancelled;
      expect(event).toBeInstanceOf(OrderCancelled);
      expect(event).toMatchObject({
        name: "OrderCancelled",
        aggregateId: ORDER,
        customerId: CUSTOMER,
        reason: "changed my mind",
        previousStatus: status,
        cause: "customer-request",
      });
    },
  );

  it.each<CancellationCause>(["customer-request", "out-of-stock", "payment-failed"])(
    "records why the order was cancelled (%s) in OrderCancelled",
    (cause) => {
      const order = inStatus(OrderStatus.Confirmed);
      order.cancel("because", cause);
      expect(order.status).toBe(OrderStatus.Cancelled);
      expect(order.domainEvents.map((e) => (e as OrderCancelled).cause)).toEqual([cause]);
    },
  );

  it.each([
    [OrderStatus.Shipped, "order.already_shipped"],
    [OrderStatus.Delivered, "order.already_shipped"],
    [OrderStatus.Cancelled, "order.already_cancelled"],
  ])("refuses an order that is %s with %s", (status, code) => {
    const order = inStatus(status);
    const before = stateOf(order);
    expectRefused(() => order.cancel("too late"), code, "illegal-state");
    expect(stateOf(order)).toEqual(before);
  });

  it("cannot cancel twice", () => {
    const order = placed([line(P1, 1, "1.00")]);
    order.cancel("first");
    expectRefused(() => order.cancel("second"), "order.already_cancelled", "illegal-state");
    expect(order.cancellationReason).toBe("first");
  });

  it.each([
    ["empty", ""],
    ["blank", "   \t\n"],
    ["too long", "x".repeat(MAX_REASON_LENGTH + 1)],
  ])("requires a reason (refuses an %s one)", (_what, reason) => {
    const order = inStatus(OrderStatus.Pending);
    const before = stateOf(order);
    expectRefused(() => order.cancel(reason), "order.invalid_reason", "invalid");
    expect(stateOf(order)).toEqual(before);
  });

  it(`accepts a reason of ${MAX_REASON_LENGTH} characters`, () => {
    const order = inStatus(OrderStatus.Pending);
    order.cancel("x".repeat(MAX_REASON_LENGTH));
    expect(order.cancellationReason).toHaveLength(MAX_REASON_LENGTH);
  });

  it("a cancelled order can no longer take lines or be confirmed", () => {
    const order = placed([line(P1, 1, "1.00")]);
    order.cancel("no");
    expectRefused(() => order.addLine(P2, 1, eur("1.00")), "order.not_modifiable", "illegal-state");
    expectRefused(() => order.confirm(), "order.not_pending", "illegal-state");
  });
});

describe("Order.markAwaitingPayment", () => {
  it("moves a Confirmed order to AwaitingPayment and records OrderAwaitingPayment with its total", () => {
    const order = placed([line(P1, 2, "12.50"), line(P2, 1, "0.10")]);
    order.confirm();
    order.markAwaitingPayment();
    expect(order.status).toBe(OrderStatus.AwaitingPayment);
    const event = order.domainEvents.at(-1) as OrderAwaitingPayment;
    expect(event).toBeInstanceOf(OrderAwaitingPayment);
    expect(event).toMatchObject({ name: "OrderAwaitingPayment", aggregateId: ORDER, customerId: CUSTOMER });
    expect(event.total.toJSON()).toEqual({ amount: "25.10", currency: "EUR" });
  });

  it.each(ORDER_STATUSES.filter((s) => s !== OrderStatus.Confirmed))(
    "refuses an order that is %s",
    (status) => {
      const order = inStatus(status);
      const before = stateOf(order);
      expectRefused(() => order.markAwaitingPayment(), "order.not_confirmed", "illegal-state");
      expect(stateOf(order)).toEqual(before);
    },
  );

  it("an order awaiting payment can still be cancelled, but no longer changed or confirmed", () => {
    const order = inStatus(OrderStatus.Confirmed);
    order.markAwaitingPayment();
    expectRefused(() => order.addLine(P2, 1, eur("1.00")), "order.not_modifiable", "illegal-state");
    expectRefused(() => order.confirm(), "order.not_pending", "illegal-state");
    expectRefused(() => order.markAwaitingPayment(), "order.not_confirmed", "illegal-state");
    order.cancel("payment never came", "payment-failed");
    expect(order.status).toBe(OrderStatus.Cancelled);
    expect((order.domainEvents.at(-1) as OrderCancelled).previousStatus).toBe(OrderStatus.AwaitingPayment);
  });
});
