import { AggregateRoot, DomainError, MONEY_MAX_AMOUNT, Money } from "@ecommerce/domain-kernel";
import { type OrderingErrorCode, OrderingErrors } from "./errors.ts";
import {
  type EventLine,
  OrderAwaitingPayment,
  OrderCancelled,
  OrderConfirmed,
  OrderDelivered,
  OrderLineAdded,
  OrderPaid,
  OrderPlaced,
  OrderShipped,
} from "./events.ts";
import type { StatusChange, StatusTrigger } from "./order-history.ts";
import { OrderLine } from "./order-line.ts";
import { type CancellationCause, isCancellable, OrderStatus } from "./order-status.ts";
import { DEFAULT_PAYMENT_METHOD, type PaymentMethod } from "./payment-method.ts";
import type { ShippingAddress } from "./shipping-address.ts";

/** What ordering knows of the customer placing an order (its replica of the customer context). */
export interface Buyer {
  customerId: string;
  active: boolean;
}

export const MAX_LINES_PER_ORDER = 100;
export const MAX_REASON_LENGTH = 500;

export interface NewOrderLine {
  productId: string;
  quantity: number;
  unitPrice: Money;
}

export interface OrderSnapshot {
  id: string;
  customerId: string;
  orderDate: Date;
  status: OrderStatus;
  currency: string;
  cancellationReason: string | null;
  shippingAddress: ShippingAddress | null;
  lines: OrderLine[];
  /** Orders stored before payment methods existed have none: they pay with the default. */
  paymentMethod?: PaymentMethod | undefined;
  /** Every status change, oldest first (empty for orders stored before the history existed). */
  history?: readonly StatusChange[] | undefined;
}

/** What placing an order may say besides its lines and address. */
export interface PlaceOptions {
  paymentMethod?: PaymentMethod | undefined;
  causedBy?: StatusTrigger | undefined;
}

/**
 * A customer's order. It is placed Pending, filled with lines while Pending, confirmed once it has
 * lines; then catalog's reservation, billing's payment and shipping's dispatch and delivery move it
 * on (NEXT_STATUSES). It can be cancelled until it is shipped. Its total is always the sum of its
 * lines. Every status change is kept in its history, with what caused it.
 */
export class Order extends AggregateRoot {
  #customerId: string;
  #orderDate: Date;
  #status: OrderStatus;
  #currency: string;
  #cancellationReason: string | null;
  #shippingAddress: ShippingAddress | null;
  #lines: OrderLine[];
  #paymentMethod: PaymentMethod;
  #history: StatusChange[];

  private constructor(snapshot: OrderSnapshot, version: number) {
    super(snapshot.id, version);
    this.#customerId = snapshot.customerId;
    this.#orderDate = snapshot.orderDate;
    this.#status = snapshot.status;
    this.#currency = snapshot.currency;
    this.#cancellationReason = snapshot.cancellationReason;
    this.#shippingAddress = snapshot.shippingAddress;
    this.#lines = [...snapshot.lines];
    this.#paymentMethod = snapshot.paymentMethod ?? DEFAULT_PAYMENT_METHOD;
    this.#history = [...(snapshot.history ?? [])];
  }

  /** Only an active customer can order; the lines are priced by the caller (the catalog replica). */
  static place(
    id: string,
    buyer: Buyer,
    currency: string,
    lines: NewOrderLine[],
    shippingAddress: ShippingAddress | null = null,
    now = new Date(),
    options: PlaceOptions = {},
  ): Order {
    if (!buyer.active) {
      throw new DomainError(
        OrderingErrors.ORDER_CUSTOMER_INACTIVE,
        `customer ${buyer.customerId} is deactivated and cannot order`,
      );
    }
    Money.zero(currency); // refuses an unknown currency before anything is recorded
    const customerId = buyer.customerId;
    const order = new Order(
      {
        id,
        customerId,
        orderDate: now,
        status: OrderStatus.Pending,
        currency,
        cancellationReason: null,
        shippingAddress,
        lines: [],
        paymentMethod: options.paymentMethod ?? DEFAULT_PAYMENT_METHOD,
        history: [{ status: OrderStatus.Pending, at: now, causedBy: options.causedBy }],
      },
      0,
    );
    order.raise(new OrderPlaced(id, customerId, currency));
    for (const line of lines) order.addLine(line.productId, line.quantity, line.unitPrice);
    return order;
  }

  /** Rebuilds an order from storage; raises nothing. */
  static restore(snapshot: OrderSnapshot, version: number): Order {
    return new Order(snapshot, version);
  }

  get customerId(): string {
    return this.#customerId;
  }

  get orderDate(): Date {
    return this.#orderDate;
  }

  get status(): OrderStatus {
    return this.#status;
  }

  get currency(): string {
    return this.#currency;
  }

  get cancellationReason(): string | null {
    return this.#cancellationReason;
  }

  get shippingAddress(): ShippingAddress | null {
    return this.#shippingAddress;
  }

  get lines(): readonly OrderLine[] {
    return this.#lines;
  }

  get paymentMethod(): PaymentMethod {
    return this.#paymentMethod;
  }

  /** Every status change, oldest first. */
  get history(): readonly StatusChange[] {
    return this.#history;
  }

  get total(): Money {
    return this.#lines.reduce((sum, line) => sum.add(line.lineTotal), Money.zero(this.#currency));
  }

  addLine(productId: string, quantity: number, unitPrice: Money): void {
    if (this.#status !== OrderStatus.Pending) {
      throw new DomainError(
        OrderingErrors.ORDER_NOT_MODIFIABLE,
        `lines can only be added to a Pending order; this one is ${this.#status}`,
        "illegal-state",
      );
    }
    if (unitPrice.currency !== this.#currency) {
      throw new DomainError(
        OrderingErrors.ORDER_CURRENCY_MISMATCH,
        `the order is in ${this.#currency}; a line priced in ${unitPrice.currency} cannot be added`,
      );
    }
    // Validates the units and price being added even when they merge into an existing line.
    const added = OrderLine.create(productId, quantity, unitPrice);
    const index = this.#lines.findIndex((l) => l.productId === productId);
    const existing = this.#lines[index];
    const lines = [...this.#lines];
    if (existing) {
      lines[index] = existing.withMoreUnits(quantity);
    } else {
      if (lines.length >= MAX_LINES_PER_ORDER) {
        throw new DomainError(
          OrderingErrors.ORDER_TOO_MANY_LINES,
          `an order holds at most ${MAX_LINES_PER_ORDER} lines`,
        );
      }
      lines.push(added);
    }
    Order.assertTotalWithinBound(lines, this.#currency);
    this.#lines = lines;
    const priced = existing?.unitPrice ?? unitPrice;
    this.raise(new OrderLineAdded(this.id, productId, quantity, priced));
  }

  /**
   * The total is published (OrderConfirmed, billing's invoice) and stored, so it stays within Money's
   * bound: the line that would break it is refused here, not the confirmation that would publish it.
   */
  private static assertTotalWithinBound(lines: readonly OrderLine[], currency: string): void {
    const total = lines.reduce((sum, line) => sum.add(line.lineTotal), Money.zero(currency));
    if (total.exceedsBound()) {
      throw new DomainError(
        OrderingErrors.ORDER_TOTAL_TOO_LARGE,
        `this line would bring the order total to ${total}; an order total is at most ${MONEY_MAX_AMOUNT} ${currency}`,
      );
    }
  }

  confirm(causedBy?: StatusTrigger): void {
    if (this.#status !== OrderStatus.Pending) {
      throw new DomainError(
        OrderingErrors.ORDER_NOT_PENDING,
        `only a Pending order can be confirmed; this one is ${this.#status}`,
        "illegal-state",
      );
    }
    if (this.#lines.length === 0) {
      throw new DomainError(
        OrderingErrors.ORDER_EMPTY,
        "an order needs at least one line to be confirmed",
        "illegal-state",
      );
    }
    this.#moveTo(OrderStatus.Confirmed, causedBy);
    this.raise(
      new OrderConfirmed(this.id, this.#customerId, this.#eventLines(), this.total, this.#shippingAddress),
    );
  }

  /** Catalog reserved the stock of every line: the order waits for its payment. */
  markAwaitingPayment(causedBy?: StatusTrigger): void {
    if (this.#status !== OrderStatus.Confirmed) {
      throw new DomainError(
        OrderingErrors.ORDER_NOT_CONFIRMED,
        `only a Confirmed order can await payment; this one is ${this.#status}`,
        "illegal-state",
      );
    }
    this.#moveTo(OrderStatus.AwaitingPayment, causedBy);
    this.raise(
      new OrderAwaitingPayment(
        this.id,
        this.#customerId,
        this.total,
        this.#eventLines(),
        this.#shippingAddress,
        this.#paymentMethod,
      ),
    );
  }

  /** Billing captured the payment: the order can be shipped. */
  markPaid(causedBy?: StatusTrigger): void {
    this.#assertStatus(
      OrderStatus.AwaitingPayment,
      OrderingErrors.ORDER_NOT_AWAITING_PAYMENT,
      "only an order awaiting payment can be paid",
    );
    this.#moveTo(OrderStatus.Paid, causedBy);
    this.raise(
      new OrderPaid(this.id, this.#customerId, this.total, this.#eventLines(), this.#shippingAddress),
    );
  }

  /**
   * Billing could not collect the payment: the order is cancelled (payment-failed). Unlike a
   * customer's cancel, only an order awaiting payment can have its payment fail.
   */
  failPayment(reason: string, causedBy?: StatusTrigger): void {
    this.#assertStatus(
      OrderStatus.AwaitingPayment,
      OrderingErrors.ORDER_NOT_AWAITING_PAYMENT,
      "only an order awaiting payment can have its payment fail",
    );
    this.cancel(reason, "payment-failed", causedBy);
  }

  /** The parcel left the warehouse: from now on the order can no longer be cancelled. */
  markShipped(causedBy?: StatusTrigger): void {
    this.#assertStatus(OrderStatus.Paid, OrderingErrors.ORDER_NOT_PAID, "only a Paid order can be shipped");
    this.#moveTo(OrderStatus.Shipped, causedBy);
    this.raise(new OrderShipped(this.id));
  }

  markDelivered(causedBy?: StatusTrigger): void {
    this.#assertStatus(
      OrderStatus.Shipped,
      OrderingErrors.ORDER_NOT_SHIPPED,
      "only a Shipped order can be delivered",
    );
    this.#moveTo(OrderStatus.Delivered, causedBy);
    this.raise(new OrderDelivered(this.id));
  }

  cancel(reason: string, cause: CancellationCause = "customer-request", causedBy?: StatusTrigger): void {
    const trimmed = reason.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_REASON_LENGTH) {
      throw new DomainError(
        OrderingErrors.ORDER_INVALID_REASON,
        `a cancellation reason of 1-${MAX_REASON_LENGTH} characters is required`,
      );
    }
    if (!isCancellable(this.#status)) {
      const code =
        this.#status === OrderStatus.Cancelled
          ? OrderingErrors.ORDER_ALREADY_CANCELLED
          : OrderingErrors.ORDER_ALREADY_SHIPPED;
      throw new DomainError(code, `an order that is ${this.#status} cannot be cancelled`, "illegal-state");
    }
    const previous = this.#status;
    this.#moveTo(OrderStatus.Cancelled, causedBy, cause);
    this.#cancellationReason = trimmed;
    this.raise(new OrderCancelled(this.id, this.#customerId, trimmed, previous, cause));
  }

  /**
   * Refuses a transition from any status but `required` (the one status NEXT_STATUSES moves on from):
   * from Cancelled with order.already_cancelled (what an operator must hear of a payment or parcel
   * arriving for a cancelled order), otherwise with the transition's own code.
   */
  #assertStatus(required: OrderStatus, code: OrderingErrorCode, rule: string): void {
    if (this.#status === required) return;
    const refusal = this.#status === OrderStatus.Cancelled ? OrderingErrors.ORDER_ALREADY_CANCELLED : code;
    throw new DomainError(refusal, `${rule}; this one is ${this.#status}`, "illegal-state");
  }

  #moveTo(status: OrderStatus, causedBy: StatusTrigger | undefined, cause?: CancellationCause): void {
    this.#status = status;
    this.#history.push({ status, at: new Date(), cause, causedBy });
  }

  #eventLines(): EventLine[] {
    return this.#lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice }));
  }
}
