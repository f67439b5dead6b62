import type { Page } from "@ecommerce/service-kit";
import type {
  ProductDto,
  ProductEntry,
  ProductListFilter,
  ProductReadModel,
} from "../application/queries/product-dto.ts";
import { decodeNameCursor, encodeNameCursor } from "./cursor.ts";
import type { Db } from "./database.ts";
import type { ProductDocument } from "./product-view-projection.ts";

interface ViewRow {
  document: ProductDocument;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  product_version: number;
  stock_version: number;
}

function toEntry(row: ViewRow): ProductEntry {
  const available = row.on_hand - row.reserved;
  return {
    product: { ...row.document, available, lowStockThreshold: row.low_stock_threshold },
    stock: { onHand: row.on_hand, reserved: row.reserved, available },
    productVersion: row.product_version,
    stockVersion: row.stock_version,
  };
}

const COLUMNS = "document, on_hand, reserved, low_stock_threshold, product_version, stock_version";

/** `%q%` for ILIKE, with the pattern characters of q taken literally. */
function containing(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Reads product_view: one indexed row per product, no joins. */
export class PrismaProductReadModel implements ProductReadModel {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<ProductEntry | undefined> {
    // The hottest query: plain SQL skips the ORM's query building.
    const rows = await this.db.$queryRawUnsafe<ViewRow[]>(
      `SELECT ${COLUMNS} FROM product_view WHERE id = $1::uuid`,
      id,
    );
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  async list(filter: ProductListFilter): Promise<Page<ProductDto> | undefined> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (filter.categoryId !== undefined) {
      const known = await this.db.$queryRawUnsafe<unknown[]>(
        "SELECT 1 FROM categories WHERE id = $1::uuid",
        filter.categoryId,
      );
      if (known.length === 0) return undefined;
      where.push(`category_ids @> ARRAY[${param(filter.categoryId)}::uuid]`);
    }
    if (!filter.includeDiscontinued) where.push("status = 'Active'");
    if (filter.q !== undefined) {
      const pattern = param(containing(filter.q));
      where.push(`(name ILIKE ${pattern} OR sku ILIKE ${pattern})`);
    }
    if (filter.cursor !== undefined) {
      const after = decodeNameCursor(filter.cursor);
      where.push(`(name, id) > (${param(after.name)}, ${param(after.id)}::uuid)`);
    }
    const rows = await this.db.$queryRawUnsafe<(ViewRow & { name: string; id: string })[]>(
      `SELECT ${COLUMNS}, name, id::text FROM product_view
        ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
        ORDER BY product_view.name, product_view.id LIMIT ${param(filter.limit + 1)}`,
      ...values,
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toEntry(row).product),
      nextCursor: rows.length > filter.limit && last ? encodeNameCursor(last.name, last.id) : null,
    };
  }
}
