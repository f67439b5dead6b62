import { DomainError } from "@ecommerce/domain-kernel";
import { currentCausation, isUniqueViolation } from "@ecommerce/service-kit";
import type { CategoryRepository } from "../application/ports.ts";
import { Category, type CategoryPathEntry } from "../domain/category.ts";
import { CatalogErrors } from "../domain/errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { CatalogOutbox } from "./catalog-integration-events.ts";
import type { CatalogUnitOfWork, Db } from "./database.ts";

export class PrismaCategoryRepository implements CategoryRepository {
  constructor(
    private readonly db: Db,
    private readonly uow: CatalogUnitOfWork,
    private readonly outbox: CatalogOutbox,
  ) {}

  async get(id: string): Promise<Category | undefined> {
    const row = await this.uow.currentOr(this.db).category.findUnique({ where: { id } });
    if (!row) return undefined;
    return Category.restore(
      {
        id: row.id,
        parentId: row.parentId,
        name: row.name,
        path: row.path as unknown as CategoryPathEntry[],
        createdAt: row.createdAt,
      },
      row.version,
    );
  }

  async add(category: Category): Promise<void> {
    const tx = this.uow.current();
    try {
      await tx.category.create({
        data: {
          id: category.id,
          parentId: category.parentId,
          name: category.name,
          path: category.path.map((p) => ({ ...p })) as unknown as Prisma.InputJsonArray,
          depth: category.depth,
          version: 1,
          createdAt: category.createdAt,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          CatalogErrors.CATEGORY_NAME_TAKEN,
          `a category named "${category.name}" already exists ${category.parentId ? "under this parent" : "at the root"}`,
          "conflict",
          { name: category.name },
        );
      }
      throw error;
    }
    await this.outbox.write(tx, category, 1, currentCausation());
    category.markSaved(1);
  }
}
