import { newId } from "@ecommerce/domain-kernel";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Order } from "../../domain/order.ts";
import type { OrderRepository, ProductPricing, RequestedLine } from "../ports.ts";

export class PlaceOrder extends Command<string> {
  constructor(
    readonly customerId: string,
    readonly currency: string,
    readonly lines: RequestedLine[],
  ) {
    super();
  }
}

export class PlaceOrderHandler implements MessageHandler<PlaceOrder> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly pricing: ProductPricing,
  ) {}

  async handle(command: PlaceOrder): Promise<string> {
    const lines = [];
    for (const line of command.lines) {
      lines.push({ ...line, unitPrice: await this.pricing.priceOf(line, command.currency) });
    }
    const order = Order.place(newId(), command.customerId, command.currency, lines);
    await this.orders.add(order);
    return order.id;
  }
}
