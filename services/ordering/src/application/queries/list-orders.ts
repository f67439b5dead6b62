import { type MessageHandler, Query } from "@ecommerce/service-kit";
import type { OrderDto, OrderReadModel, Page } from "./order-dto.ts";

export class ListOrders extends Query<Page<OrderDto>> {
  constructor(
    readonly customerId: string,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

export class ListOrdersHandler implements MessageHandler<ListOrders> {
  constructor(private readonly readModel: OrderReadModel) {}

  handle(query: ListOrders): Promise<Page<OrderDto>> {
    return this.readModel.listForCustomer(query.customerId, query.cursor, query.limit);
  }
}
