import { DomainError } from "@ecommerce/domain-kernel";
import { type Command, loadOrThrow } from "@ecommerce/service-kit";
import { OrderingErrors } from "../../domain/errors.ts";
import type { Order } from "../../domain/order.ts";
import type { OrderRepository } from "../ports.ts";

export function orderNotFound(orderId: string): DomainError {
  return new DomainError(OrderingErrors.ORDER_NOT_FOUND, `order ${orderId} does not exist`, "not-found");
}

/** Loads the order a command acts on: 404 if it does not exist, 412 if the client's version is stale. */
export function loadOrder(
  orders: OrderRepository,
  orderId: string,
  command: Command<unknown>,
): Promise<Order> {
  return loadOrThrow((id) => orders.get(id), orderId, command, orderNotFound);
}
