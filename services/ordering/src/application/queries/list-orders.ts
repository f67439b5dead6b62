import {
  CursorSchema,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type MessageHandler,
  type Page,
  PageSizeSchema,
  Query,
} from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { OrderDto, OrderReadModel } from "./order-dto.ts";

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };
/** Far above any cursor the read model hands out (an id). */
export const MAX_CURSOR_LENGTH = 200;

export class ListOrders extends Query<Page<OrderDto>> {
  static readonly schema = Type.Object(
    {
      customerId: Uuid,
      cursor: Type.Optional(CursorSchema(MAX_CURSOR_LENGTH)),
      limit: PageSizeSchema(),
    },
    { additionalProperties: false },
  );

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
