import { DomainError } from "@ecommerce/domain-kernel";
import { assertExpectedVersion, type Command } from "@ecommerce/service-kit";
import { OrderingErrors } from "../../domain/errors.ts";
import type { Order } from "../../domain/order.ts";
import type { OrderRepository } from "../ports.ts";

/** Loads the order a command acts on: 404 if it does not exist, 412 if the client's version is stale. */
export async function loadOrder(
  orders: OrderRepository,
  orderId: string,
  command: Command<unknown>,
): Promise<Order> {
  const order = await orders.get(orderId);
  if (!order)
    throw new DomainError(OrderingErrors.ORDER_NOT_FOUND, `order ${orderId} does not exist`, "not-found");
  assertExpectedVersion(command, order.version);
  return order;
}
