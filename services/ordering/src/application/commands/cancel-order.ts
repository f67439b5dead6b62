import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { CancellationReason, Uuid } from "../message-schemas.ts";
import type { OrderRepository } from "../ports.ts";
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

  async handle(command: CancelOrder): Promise<void> {
    const order = await loadOrder(this.orders, command.orderId, command);
    order.cancel(command.reason);
    await this.orders.save(order);
  }
}
