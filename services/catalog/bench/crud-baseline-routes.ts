import { Currency, Money } from "@ecommerce/domain-kernel";
import type { ServiceApp } from "@ecommerce/service-kit";
import type { Db } from "../src/infrastructure/database.ts";

interface Row {
  id: string;
  sku: string;
  name: string;
  description: string;
  price_amount: string;
  currency: string;
  status: string;
  attributes: Record<string, string>;
  version: number;
  created_at: Date;
  updated_at: Date;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  // the category and its ancestors, nearest first (the tree is at most 5 deep)
  c1_id: string;
  c1_name: string;
  c2_id: string | null;
  c2_name: string | null;
  c3_id: string | null;
  c3_name: string | null;
  c4_id: string | null;
  c4_name: string | null;
  c5_id: string | null;
  c5_name: string | null;
}

// The product, its stock and its category path, joined from the write tables on every request.
const SELECT = `
  SELECT p.id, p.sku, p.name, p.description, p.price_amount::text AS price_amount, p.currency, p.status,
         p.attributes, p.version, p.created_at, p.updated_at, s.on_hand, s.reserved, s.low_stock_threshold,
         c1.id AS c1_id, c1.name AS c1_name, c2.id AS c2_id, c2.name AS c2_name, c3.id AS c3_id,
         c3.name AS c3_name, c4.id AS c4_id, c4.name AS c4_name, c5.id AS c5_id, c5.name AS c5_name
    FROM products p
    JOIN stock_items s ON s.product_id = p.id
    JOIN categories c1 ON c1.id = p.category_id
    LEFT JOIN categories c2 ON c2.id = c1.parent_id
    LEFT JOIN categories c3 ON c3.id = c2.parent_id
    LEFT JOIN categories c4 ON c4.id = c3.parent_id
    LEFT JOIN categories c5 ON c5.id = c4.parent_id`;

function toProduct(row: Row) {
  const path = [
    [row.c5_id, row.c5_name],
    [row.c4_id, row.c4_name],
    [row.c3_id, row.c3_name],
    [row.c2_id, row.c2_name],
    [row.c1_id, row.c1_name],
  ]
    .filter(([id]) => id !== null)
    .map(([id, name]) => ({ id: id as string, name: name as string }));
  const price = Money.of(
    Number.parseFloat(row.price_amount).toFixed(Currency.minorDigits(row.currency)),
    row.currency,
  );
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: price.toJSON(),
    status: row.status,
    category: { id: row.c1_id, name: row.c1_name, path },
    attributes: row.attributes,
    available: row.on_hand - row.reserved,
    lowStockThreshold: row.low_stock_threshold,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * The baseline the read model must beat: GetProduct and a product list page answered the plain
 * CRUD way, joining the write tables (products, stock, five levels of categories) on every request.
 * Registered only by the benchmark.
 */
export function crudBaselineRoutes(db: Db) {
  return async (app: ServiceApp) => {
    app.get<{ Params: { id: string } }>(
      "/bench/crud/products/:id",
      { schema: { hide: true } },
      async (request, reply) => {
        const rows = await db.$queryRawUnsafe<Row[]>(`${SELECT} WHERE p.id = $1::uuid`, request.params.id);
        const row = rows[0];
        if (!row) return reply.code(404).send({ status: 404 });
        return toProduct(row);
      },
    );

    app.get<{ Querystring: { categoryId: string; limit?: string } }>(
      "/bench/crud/products",
      { schema: { hide: true } },
      async (request) => {
        const limit = Number(request.query.limit ?? 20);
        const rows = await db.$queryRawUnsafe<Row[]>(
          `${SELECT}
           WHERE p.status = 'Active' AND $1::uuid IN (c1.id, c2.id, c3.id, c4.id, c5.id)
           ORDER BY p.name, p.id LIMIT $2`,
          request.query.categoryId,
          limit + 1,
        );
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          items: page.map(toProduct),
          nextCursor:
            rows.length > limit && last
              ? Buffer.from(JSON.stringify([last.name, last.id])).toString("base64url")
              : null,
        };
      },
    );
  };
}
