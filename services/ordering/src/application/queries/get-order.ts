import { DomainError } from "@ecommerce/domain-kernel";
import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { OrderingErrors } from "../../domain/errors.ts";
import { Uuid } from "../message-schemas.ts";
import type { OrderDto, OrderReadModel } from "./order-dto.ts";

export class GetOrder extends Query<OrderDto> {
  static readonly schema = Type.Object({ orderId: Uuid }, { additionalProperties: false });

  constructor(readonly orderId: string) {
    super();
  }
}

export class GetOrderHandler implements MessageHandler<GetOrder> {
  constructor(private readonly readModel: OrderReadModel) {}

  async handle(query: GetOrder): Promise<OrderDto> {
    const order = await this.readModel.get(query.orderId);
    if (!order) throw orderNotFound(query.orderId);
    return order;
  }
}

/** The one answer for an order that is not there, or not the asking customer's (its existence is not disclosed). */
export function orderNotFound(orderId: string): DomainError {
  return new DomainError(OrderingErrors.ORDER_NOT_FOUND, `order ${orderId} does not exist`, "not-found");
}
