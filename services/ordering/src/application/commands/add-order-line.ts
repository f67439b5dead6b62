import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { RequestedLineSchema, Uuid } from "../message-schemas.ts";
import type { OrderRepository, ProductPricing, RequestedLine } from "../ports.ts";
import { loadOrder } from "./load-order.ts";

export class AddOrderLine extends Command {
  static readonly schema = Type.Object(
    { orderId: Uuid, line: RequestedLineSchema },
    { additionalProperties: false },
  );

  constructor(
    readonly orderId: string,
    readonly line: RequestedLine,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class AddOrderLineHandler implements MessageHandler<AddOrderLine> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly pricing: ProductPricing,
  ) {}

  async handle(command: AddOrderLine): Promise<void> {
    const order = await loadOrder(this.orders, command.orderId, command);
    const unitPrice = await this.pricing.priceOf(command.line.productId);
    order.addLine(command.line.productId, command.line.quantity, unitPrice);
    await this.orders.save(order);
  }
}
