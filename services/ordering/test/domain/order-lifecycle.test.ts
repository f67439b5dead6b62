import { DomainError, Money } from "@ecommerce/domain-kernel";
import { describe, expect, it } from "vitest";
import {
  OrderAwaitingPayment,
  OrderCancelled,
  OrderConfirmed,
  OrderDelivered,
  OrderPaid,
  OrderShipped,
} from "../../src/domain/events.ts";
import { Order } from "../../src/domain/order.ts";
import type { StatusTrigger } from "../../src/domain/order-history.ts";
import { OrderLine } from "../../src/domain/order-line.ts";
import { NEXT_STATUSES, ORDER_STATUSES, OrderStatus } from "../../src/domain/order-status.ts";
import { DEFAULT_PAYMENT_METHOD, paymentMethod } from "../../src/domain/payment-method.ts";
import type { ShippingAddress } from "../../src/domain/shipping-address.ts";

// The whole status machine: every transition from every status, the legal ones with their status,
// event and history entry, the illegal ones with their code and no change at all.

const ORDER = "0193a6f0-0000-7000-8000-00000000000a";
const CUSTOMER = "0193a6f0-0000-7000-8000-000000000001";
const P1 = "0193a6f0-0000-7000-8000-0000000000a1";
const NOW = new Date("2026-11-26T10:00:00.000Z");
const ADDRESS: ShippingAddress = Object.freeze({
  recipient: "Ada Lovelace",
  line1: "12 Analytical Street",
  postalCode: "1011 AB",
  city: "Amsterdam",
  country: "NL",
});
const eur = (amount: string) => Money.of(amount, "EUR");
const BY: StatusTrigger = { kind: "event", type: "ecommerce.test.something.v1", id: "event-1" };

function inStatus(status: OrderStatus): Order {
  return Order.restore(
    {
      id: ORDER,
      customerId: CUSTOMER,
      orderDate: NOW,
      status,
      currency: "EUR",
      cancellationReason: null,
      shippingAddress: ADDRESS,
      lines: [OrderLine.create(P1, 2, eur("12.50"))],
      paymentMethod: paymentMethod("tok_decline"),
      history: [{ status, at: NOW }],
    },
    4,
  );
}

type Action =
  | "confirm"
  | "markAwaitingPayment"
  | "markPaid"
  | "failPayment"
  | "markShipped"
  | "markDelivered"
  | "cancel";

const act: Record<Action, (order: Order) => void> = {
  confirm: (o) => o.confirm(BY),
  markAwaitingPayment: (o) => o.markAwaitingPayment(BY),
  markPaid: (o) => o.markPaid(BY),
  failPayment: (o) => o.failPayment("payment failed: card declined", BY),
  markShipped: (o) => o.markShipped(BY),
  markDelivered: (o) => o.markDelivered(BY),
  cancel: (o) => o.cancel("changed my mind", "customer-request", BY),
};

/** Each action: the one status it moves on from, where it goes, and its refusal from elsewhere. */
const rules: Record<Action, { from: OrderStatus[]; to: OrderStatus; refusal: string }> = {
  confirm: { from: ["Pending"], to: "Confirmed", refusal: "order.not_pending" },
  markAwaitingPayment: { from: ["Confirmed"], to: "AwaitingPayment", refusal: "order.not_confirmed" },
  markPaid: { from: ["AwaitingPayment"], to: "Paid", refusal: "order.not_awaiting_payment" },
  failPayment: { from: ["AwaitingPayment"], to: "Cancelled", refusal: "order.not_awaiting_payment" },
  markShipped: { from: ["Paid"], to: "Shipped", refusal: "order.not_paid" },
  markDelivered: { from: ["Shipped"], to: "Delivered", refusal: "order.not_shipped" },
  cancel: {
    from: ["Pending", "Confirmed", "AwaitingPayment", "Paid"],
    to: "Cancelled",
    refusal: "order.already_shipped",
  },
};

/** The refusal of `action` from `status`: leaving Cancelled is refused as already cancelled, except
 * for the two transitions that kept their first code (confirm, markAwaitingPayment). */
function expectedRefusal(action: Action, status: OrderStatus): string {
  const keepsItsCode = action === "confirm" || action === "markAwaitingPayment";
  return status === OrderStatus.Cancelled && !keepsItsCode
    ? "order.already_cancelled"
    : rules[action].refusal;
}

function stateOf(order: Order) {
  return {
    status: order.status,
    cancellationReason: order.cancellationReason,
    history: [...order.history],
    events: order.domainEvents.length,
    version: order.version,
  };
}

const table = ORDER_STATUSES.flatMap((status) =>
  (Object.keys(act) as Action[]).map((action) => [status, action] as const),
);

describe("the status machine, every action from every status", () => {
  it.each(table)("%s + %s", (status, action) => {
    const order = inStatus(status);
    const rule = rules[action];
    if (rule.from.includes(status)) {
      const start = Date.now();
      act[action](order);
      expect(order.status).toBe(rule.to);
      // the aggregate and the lifecycle table agree
      expect(NEXT_STATUSES[status]).toContain(rule.to);
      expect(order.domainEvents).toHaveLength(1);
      const entry = order.history.at(-1)!;
      expect(order.history).toHaveLength(2);
      expect(entry).toMatchObject({ status: rule.to, causedBy: BY });
      expect(entry.at).toBeInstanceOf(Date);
      // the time of the change, from the clock
      expect(entry.at.getTime()).toBeGreaterThanOrEqual(start);
      expect(entry.at.getTime()).toBeLessThanOrEqual(Date.now());
    } else {
      const before = stateOf(order);
      let error: unknown;
      try {
        act[action](order);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect({ code: (error as DomainError).code, kind: (error as DomainError).kind }).toEqual({
        code: expectedRefusal(action, status),
        kind: "illegal-state",
      });
      expect((error as Error).message).toContain(status);
      expect(stateOf(order)).toEqual(before);
    }
  });

  it("every move of the lifecycle table is made by some action (the table is not wider than the aggregate)", () => {
    for (const [from, targets] of Object.entries(NEXT_STATUSES)) {
      for (const to of targets) {
        const byAction = Object.values(rules).some(
          (r) => r.to === to && r.from.includes(from as OrderStatus),
        );
        expect(byAction, `${from} → ${to}`).toBe(true);
      }
    }
  });

  it("Shipped, Delivered and Cancelled are the end of cancelling; Delivered and Cancelled are final", () => {
    expect(NEXT_STATUSES.Shipped).not.toContain(OrderStatus.Cancelled);
    expect(NEXT_STATUSES.Delivered).toEqual([]);
    expect(NEXT_STATUSES.Cancelled).toEqual([]);
  });
});

describe("the events of the lifecycle", () => {
  it("AwaitingPayment carries the lines, the total, the address and the payment method for billing", () => {
    const order = inStatus(OrderStatus.Confirmed);
    order.markAwaitingPayment(BY);
    const event = order.domainEvents[0] as OrderAwaitingPayment;
    expect(event).toBeInstanceOf(OrderAwaitingPayment);
    expect(event.total.toJSON()).toEqual({ amount: "25.00", currency: "EUR" });
    expect(event.lines.map((l) => [l.productId, l.quantity, l.unitPrice.amount])).toEqual([[P1, 2, "12.50"]]);
    expect(event.shippingAddress).toEqual(ADDRESS);
    expect(event.paymentMethod).toEqual({ token: "tok_decline" });
  });

  it("Paid → OrderPaid with the customer, lines, total and address, for shipping", () => {
    const order = inStatus(OrderStatus.AwaitingPayment);
    order.markPaid(BY);
    const event = order.domainEvents[0] as OrderPaid;
    expect(event).toBeInstanceOf(OrderPaid);
    expect(event).toMatchObject({ aggregateId: ORDER, customerId: CUSTOMER, shippingAddress: ADDRESS });
    expect(event.total.toJSON()).toEqual({ amount: "25.00", currency: "EUR" });
    expect(event.lines.map((l) => [l.productId, l.quantity, l.unitPrice.amount])).toEqual([[P1, 2, "12.50"]]);
  });

  it("a failed payment cancels with cause payment-failed, its reason kept as the cancellation reason", () => {
    const order = inStatus(OrderStatus.AwaitingPayment);
    order.failPayment("  payment failed: card declined ", BY);
    expect(order.cancellationReason).toBe("payment failed: card declined");
    const event = order.domainEvents[0] as OrderCancelled;
    expect(event).toBeInstanceOf(OrderCancelled);
    expect(event).toMatchObject({ cause: "payment-failed", previousStatus: "AwaitingPayment" });
    expect(order.history.at(-1)).toMatchObject({
      status: "Cancelled",
      cause: "payment-failed",
      causedBy: BY,
    });
  });

  it("Shipped → OrderShipped, Delivered → OrderDelivered", () => {
    const order = inStatus(OrderStatus.Paid);
    order.markShipped(BY);
    order.markDelivered(BY);
    expect(order.domainEvents.map((e) => e.constructor)).toEqual([OrderShipped, OrderDelivered]);
    expect(order.domainEvents.map((e) => e.aggregateId)).toEqual([ORDER, ORDER]);
  });

  it("confirm still records OrderConfirmed (with its history entry)", () => {
    const order = inStatus(OrderStatus.Pending);
    order.confirm(BY);
    expect(order.domainEvents[0]).toBeInstanceOf(OrderConfirmed);
  });
});

describe("the history of a whole lifecycle", () => {
  it("places Pending with what placed it, then keeps every change in order, with cancellation causes", () => {
    const placedBy: StatusTrigger = { kind: "command", type: "PlaceOrder", id: "req-1" };
    const order = Order.place(
      ORDER,
      { customerId: CUSTOMER, active: true },
      "EUR",
      [{ productId: P1, quantity: 1, unitPrice: eur("5.00") }],
      ADDRESS,
      NOW,
      { causedBy: placedBy },
    );
    const steps: [string, StatusTrigger][] = [
      ["confirm", { kind: "command", type: "ConfirmOrder", id: "req-2" }],
      ["reserved", { kind: "event", type: "ecommerce.catalog.stock-reserved.v1", id: "e-1" }],
      ["paid", { kind: "event", type: "ecommerce.billing.payment-succeeded.v1", id: "e-2" }],
      ["cancel", { kind: "command", type: "CancelOrder", id: "req-3" }],
    ];
    order.confirm(steps[0]![1]);
    order.markAwaitingPayment(steps[1]![1]);
    order.markPaid(steps[2]![1]);
    order.cancel("too slow", "customer-request", steps[3]![1]);

    expect(order.history.map(({ status, cause, causedBy }) => ({ status, cause, causedBy }))).toEqual([
      { status: "Pending", cause: undefined, causedBy: placedBy },
      { status: "Confirmed", cause: undefined, causedBy: steps[0]![1] },
      { status: "AwaitingPayment", cause: undefined, causedBy: steps[1]![1] },
      { status: "Paid", cause: undefined, causedBy: steps[2]![1] },
      { status: "Cancelled", cause: "customer-request", causedBy: steps[3]![1] },
    ]);
    expect(order.history[0]!.at).toEqual(NOW);
    const times = order.history.map((h) => h.at.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("an order restored from before the history existed starts it empty and appends from there", () => {
    const order = Order.restore(
      {
        id: ORDER,
        customerId: CUSTOMER,
        orderDate: NOW,
        status: OrderStatus.Confirmed,
        currency: "EUR",
        cancellationReason: null,
        shippingAddress: null,
        lines: [OrderLine.create(P1, 1, eur("1.00"))],
      },
      2,
    );
    expect(order.history).toEqual([]);
    order.markAwaitingPayment(BY);
    expect(order.history.map((h) => h.status)).toEqual(["AwaitingPayment"]);
  });
});

describe("the payment method", () => {
  it("defaults to tok_ok, when placed without one and for orders stored before it existed", () => {
    const order = Order.place(ORDER, { customerId: CUSTOMER, active: true }, "EUR", [], null, NOW);
    expect(order.paymentMethod).toEqual(DEFAULT_PAYMENT_METHOD);
    expect(DEFAULT_PAYMENT_METHOD).toEqual({ token: "tok_ok" });
  });

  it.each(["tok_ok", "tok_decline", "A-z_0-9", "x".repeat(100)])("accepts the token %s", (token) => {
    expect(paymentMethod(token)).toEqual({ token });
  });

  it.each(["", "tok ok", "tok.ok", "x".repeat(101), "4111111111111111\n"])(
    "refuses the token %j",
    (token) => {
      expect(() => paymentMethod(token)).toThrow(
        expect.objectContaining({ code: "order.invalid_payment_method", kind: "invalid" }),
      );
    },
  );
});
