import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { OrderDto, OrderReadModel, Page } from "./order-dto.ts";

export const MAX_PAGE_SIZE = 100;
/** What the HTTP layer asks for when the client names no limit. */
export const DEFAULT_PAGE_SIZE = 20;
/** Far above any cursor the read model hands out (a base64url UUID). */
export const MAX_CURSOR_LENGTH = 200;

export class ListOrders extends Query<Page<OrderDto>> {
  static readonly schema = Type.Object(
    {
      customerId: Uuid,
      cursor: Type.Optional(Type.String({ maxLength: MAX_CURSOR_LENGTH })),
      limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE }),
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
