import type { OrderDto } from "../application/queries/order-dto.ts";
import type { Order } from "../domain/order.ts";
import { historyToJson } from "./order-history-json.ts";

/** The read model's document for an order, exactly what GET /orders/{id} answers. */
export function toOrderDocument(order: Order, version: number): OrderDto {
  const doc: OrderDto = {
    id: order.id,
    customerId: order.customerId,
    orderDate: order.orderDate.toISOString(),
    status: order.status,
    total: order.total.toJSON(),
    lines: order.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: l.unitPrice.toJSON(),
      lineTotal: l.lineTotal.toJSON(),
    })),
    shippingAddress: order.shippingAddress ? { ...order.shippingAddress } : null,
    history: historyToJson(order.history),
    version,
  };
  if (order.cancellationReason !== null) doc.cancellationReason = order.cancellationReason;
  return doc;
}
