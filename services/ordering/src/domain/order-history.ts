import type { CancellationCause, OrderStatus } from "./order-status.ts";

/** What made an order change status: a command sent to ordering, or another context's event. */
export interface StatusTrigger {
  readonly kind: "command" | "event";
  /** The command's name (`ConfirmOrder`) or the event's type (`ecommerce.billing.payment-succeeded.v1`). */
  readonly type: string;
  /** The id of the request that sent the command, or the event's id: what to look up in logs and on the bus. */
  readonly id: string;
}

/**
 * One entry of an order's history. `cause` says why an order was cancelled; `causedBy` is absent only
 * for a change made outside any command or event (a script, a unit test).
 */
export interface StatusChange {
  readonly status: OrderStatus;
  readonly at: Date;
  readonly cause?: CancellationCause | undefined;
  readonly causedBy?: StatusTrigger | undefined;
}
