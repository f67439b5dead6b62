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
import { ORDER_STATUSES, type OrderStatus } from "../../domain/order-status.ts";
import { Uuid } from "../message-schemas.ts";
import type { OrderDto, OrderReadModel } from "./order-dto.ts";

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };
/** Far above any cursor the read model hands out (an id). */
export const MAX_CURSOR_LENGTH = 200;

const Status = Type.Union(ORDER_STATUSES.map((status) => Type.Literal(status)));
const Instant = Type.String({ format: "date-time", maxLength: 40 });

/**
 * A page of orders, newest first: one customer's, or (the back office) every customer's, by status
 * and by when they were placed (`from` inclusive, `to` exclusive).
 */
export class ListOrders extends Query<Page<OrderDto>> {
  static readonly schema = Type.Object(
    {
      customerId: Type.Optional(Uuid),
      status: Type.Optional(Status),
      from: Type.Optional(Instant),
      to: Type.Optional(Instant),
      cursor: Type.Optional(CursorSchema(MAX_CURSOR_LENGTH)),
      limit: PageSizeSchema(),
    },
    { additionalProperties: false },
  );

  readonly customerId?: string;
  readonly status?: OrderStatus;
  readonly from?: string;
  readonly to?: string;

  constructor(
    filter: {
      customerId?: string | undefined;
      status?: OrderStatus | undefined;
      from?: string | undefined;
      to?: string | undefined;
    },
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
    // Only what is given: the schema takes no `undefined` for an optional field.
    if (filter.customerId !== undefined) this.customerId = filter.customerId;
    if (filter.status !== undefined) this.status = filter.status;
    if (filter.from !== undefined) this.from = filter.from;
    if (filter.to !== undefined) this.to = filter.to;
  }
}

export class ListOrdersHandler implements MessageHandler<ListOrders> {
  constructor(private readonly readModel: OrderReadModel) {}

  handle(query: ListOrders): Promise<Page<OrderDto>> {
    const { customerId, status, from, to } = query;
    return this.readModel.list(
      { customerId, status, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
      query.cursor,
      query.limit,
    );
  }
}
