import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { CancellationReason, Uuid } from "../message-schemas.ts";
import type { OrderRepository } from "../ports.ts";
import { commandTrigger } from "../status-triggers.ts";
import { loadOrder } from "./load-order.ts";

export class CancelOrder extends Command {
  static readonly schema = Type.Object(
    { orderId: Uuid, reason: CancellationReason },
    { additionalProperties: false },
  );

  constructor(
    readonly orderId: string,
    readonly reason: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class CancelOrderHandler implements MessageHandler<CancelOrder> {
  constructor(private readonly orders: OrderRepository) {}

  /** The customer's cancel: allowed until the order is shipped (the aggregate decides). */
  async handle(command: CancelOrder, context: MessageContext): Promise<void> {
    const order = await loadOrder(this.orders, command.orderId, command);
    order.cancel(command.reason, "customer-request", commandTrigger(command, context));
    await this.orders.save(order);
  }
}
