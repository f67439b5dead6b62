import { DomainError, Money } from "@ecommerce/domain-kernel";
import { etagOf, type ServiceApp } from "@ecommerce/service-kit";
import type { OrderDto } from "../src/application/queries/order-dto.ts";
import { OrderingErrors } from "../src/domain/errors.ts";
import type { OrderStatus } from "../src/domain/order-status.ts";
import type { ShippingAddress } from "../src/domain/shipping-address.ts";
import { OrderIdParams, OrderResponse, Problem } from "../src/http/schemas.ts";
import type { Db } from "../src/infrastructure/database.ts";

interface Row {
  id: string;
  customer_id: string;
  order_date: Date;
  status: OrderStatus;
  currency: string;
  cancellation_reason: string | null;
  shipping_address: ShippingAddress | null;
  history: OrderDto["history"];
  version: number;
  product_id: string | null;
  quantity: number | null;
  /** The numeric(19, 4) column without its trailing zeros ("12.5"), exact, never a float. */
  unit_price: string | null;
}

/**
 * The baseline the read model must beat: GetOrder answered the plain CRUD way, joining the write
 * tables and computing the totals on every request. It answers the very document GET /orders/{id}
 * does, under the same response schema (so both pay the same serialisation), and computes amounts
 * with Money as the aggregate does: like for like. Registered only by the benchmark.
 */
export function crudBaselineRoutes(db: Db) {
  return async (app: ServiceApp) => {
    app.get(
      "/bench/crud/orders/:id",
      {
        schema: {
          hide: true,
          params: OrderIdParams,
          response: { 200: OrderResponse, 400: Problem, 404: Problem },
        },
      },
      async (request, reply) => {
        const rows = await db.$queryRawUnsafe<Row[]>(
          `SELECT o.id, o.customer_id, o.order_date, o.status, o.currency, o.cancellation_reason,
                  o.shipping_address, o.history, o.version,
                  l.product_id, l.quantity, trim_scale(l.unit_price)::text AS unit_price
             FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
            WHERE o.id = $1::uuid ORDER BY l.position`,
          request.params.id,
        );
        const head = rows[0];
        if (!head) {
          // the same 404 problem GetOrder answers
          throw new DomainError(
            OrderingErrors.ORDER_NOT_FOUND,
            `order ${request.params.id} does not exist`,
            "not-found",
          );
        }
        let total = Money.zero(head.currency);
        const lines: OrderDto["lines"] = [];
        for (const row of rows) {
          if (row.product_id === null || row.quantity === null || row.unit_price === null) continue;
          const unitPrice = Money.of(row.unit_price, head.currency);
          const lineTotal = unitPrice.multiply(row.quantity);
          total = total.add(lineTotal);
          lines.push({
            productId: row.product_id,
            quantity: row.quantity,
            unitPrice: unitPrice.toJSON(),
            lineTotal: lineTotal.toJSON(),
          });
        }
        const order: OrderDto = {
          id: head.id,
          customerId: head.customer_id,
          orderDate: head.order_date.toISOString(),
          status: head.status,
          total: total.toJSON(),
          lines,
          shippingAddress: head.shipping_address,
          history: head.history,
          version: head.version,
        };
        if (head.cancellation_reason !== null) order.cancellationReason = head.cancellation_reason;
        return reply.header("etag", etagOf(head.version)).send(order);
      },
    );
  };
}
