import { Currency, Money } from "@ecommerce/domain-kernel";
import type { ServiceApp } from "@ecommerce/service-kit";
import type { Db } from "../src/infrastructure/database.ts";

interface Row {
  id: string;
  customer_id: string;
  order_date: Date;
  status: string;
  currency: string;
  version: number;
  product_id: string | null;
  quantity: number | null;
  unit_price: string | null;
}

/**
 * The baseline the read model must beat: GetOrder answered the plain CRUD way, joining the write
 * tables and computing the totals on every request. Registered only by the benchmark.
 */
export function crudBaselineRoutes(db: Db) {
  return async (app: ServiceApp) => {
    app.get<{ Params: { id: string } }>(
      "/bench/crud/orders/:id",
      { schema: { hide: true } },
      async (request, reply) => {
        const rows = await db.$queryRawUnsafe<Row[]>(
          `SELECT o.id, o.customer_id, o.order_date, o.status, o.currency, o.version,
                l.product_id, l.quantity, l.unit_price::text AS unit_price
           FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
          WHERE o.id = $1::uuid ORDER BY l.position`,
          request.params.id,
        );
        const head = rows[0];
        if (!head) return reply.code(404).send({ status: 404 });
        const digits = Currency.minorDigits(head.currency);
        let total = Money.zero(head.currency);
        const lines = rows
          .filter((r) => r.product_id !== null)
          .map((r) => {
            const unitPrice = Money.of(Number.parseFloat(r.unit_price ?? "0").toFixed(digits), head.currency);
            const lineTotal = unitPrice.multiply(r.quantity ?? 0);
            total = total.add(lineTotal);
            return { productId: r.product_id, quantity: r.quantity, unitPrice, lineTotal };
          });
        return {
          id: head.id,
          customerId: head.customer_id,
          orderDate: head.order_date.toISOString(),
          status: head.status,
          total,
          lines,
          version: head.version,
        };
      },
    );
  };
}
