import type { Page } from "@ecommerce/service-kit";
import type { CategoryDto, CategoryReadModel } from "../application/queries/product-dto.ts";
import type { CategoryPathEntry } from "../domain/category.ts";
import { decodeNameCursor, encodeNameCursor } from "./cursor.ts";
import type { Db } from "./database.ts";

interface CategoryRow {
  id: string;
  parent_id: string | null;
  name: string;
  path: CategoryPathEntry[];
  depth: number;
  created_at: Date;
}

function toDto(row: CategoryRow): CategoryDto {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parent_id,
    path: row.path,
    depth: row.depth,
    createdAt: row.created_at.toISOString(),
  };
}

const COLUMNS = "id::text, parent_id::text, name, path, depth, created_at";

/**
 * Categories never change once created and carry their path from the root, so their table is
 * already shaped for reading.
 */
export class PrismaCategoryReadModel implements CategoryReadModel {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<CategoryDto | undefined> {
    const rows = await this.db.$queryRawUnsafe<CategoryRow[]>(
      `SELECT ${COLUMNS} FROM categories WHERE id = $1::uuid`,
      id,
    );
    return rows[0] ? toDto(rows[0]) : undefined;
  }

  async listChildren(
    parentId: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<CategoryDto> | undefined> {
    if (parentId !== undefined && !(await this.get(parentId))) return undefined;
    const values: unknown[] = [];
    const where = [
      parentId === undefined ? "parent_id IS NULL" : `parent_id = $${values.push(parentId)}::uuid`,
    ];
    if (cursor !== undefined) {
      const after = decodeNameCursor(cursor);
      where.push(`(name, id) > ($${values.push(after.name)}, $${values.push(after.id)}::uuid)`);
    }
    const rows = await this.db.$queryRawUnsafe<CategoryRow[]>(
      `SELECT ${COLUMNS} FROM categories WHERE ${where.join(" AND ")} ORDER BY categories.name, categories.id LIMIT $${values.push(limit + 1)}`,
      ...values,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit && last ? encodeNameCursor(last.name, last.id) : null,
    };
  }
}
