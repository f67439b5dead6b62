import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { OrderRepository } from "../ports.ts";
import { commandTrigger } from "../status-triggers.ts";
import { loadOrder } from "./load-order.ts";

export class ConfirmOrder extends Command {
  static readonly schema = Type.Object({ orderId: Uuid }, { additionalProperties: false });

  constructor(
    readonly orderId: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class ConfirmOrderHandler implements MessageHandler<ConfirmOrder> {
  constructor(private readonly orders: OrderRepository) {}

  async handle(command: ConfirmOrder, context: MessageContext): Promise<void> {
    const order = await loadOrder(this.orders, command.orderId, command);
    order.confirm(commandTrigger(command, context));
    await this.orders.save(order);
  }
}
