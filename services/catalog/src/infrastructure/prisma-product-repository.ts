import { Currency, Money } from "@ecommerce/domain-kernel";
import { ConcurrencyConflict, currentCausation, isUniqueViolation } from "@ecommerce/service-kit";
import { skuTaken } from "../application/commands/create-product.ts";
import type { ProductRepository } from "../application/ports.ts";
import { type Attributes, Product } from "../domain/product.ts";
import type { ProductStatus } from "../domain/product-status.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { CatalogOutbox } from "./catalog-integration-events.ts";
import type { CatalogUnitOfWork, Db, Tx } from "./database.ts";
import type { ProductViewProjection } from "./product-view-projection.ts";

/**
 * Saves the Product aggregate with optimistic concurrency (the UPDATE only matches the version it
 * was loaded at), refreshes its product_view row and writes its events to the outbox, all inside
 * the command's transaction.
 */
export class PrismaProductRepository implements ProductRepository {
  constructor(
    private readonly db: Db,
    private readonly uow: CatalogUnitOfWork,
    private readonly projection: ProductViewProjection,
    private readonly outbox: CatalogOutbox,
  ) {}

  async get(id: string): Promise<Product | undefined> {
    const row = await this.uow.currentOr(this.db).product.findUnique({ where: { id } });
    if (!row) return undefined;
    const digits = Currency.minorDigits(row.currency);
    return Product.restore(
      {
        id: row.id,
        sku: row.sku,
        name: row.name,
        description: row.description,
        price: Money.of(row.priceAmount.toFixed(digits), row.currency),
        categoryId: row.categoryId,
        status: row.status as ProductStatus,
        attributes: row.attributes as Attributes,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      },
      row.version,
    );
  }

  async skuTaken(sku: string): Promise<boolean> {
    const rows = await this.uow
      .currentOr(this.db)
      .$queryRawUnsafe<unknown[]>("SELECT 1 FROM products WHERE upper(sku) = upper($1)", sku);
    return rows.length > 0;
  }

  async add(product: Product): Promise<void> {
    const tx = this.uow.current();
    try {
      await tx.product.create({
        data: {
          id: product.id,
          sku: product.sku,
          name: product.name,
          description: product.description,
          priceAmount: product.price.amount,
          currency: product.price.currency,
          categoryId: product.categoryId,
          status: product.status,
          attributes: { ...product.attributes } as Prisma.InputJsonObject,
          version: 1,
          createdAt: product.createdAt,
          updatedAt: product.updatedAt,
        },
      });
    } catch (error) {
      // Two creators raced past the friendly check: the unique index decided.
      if (isUniqueViolation(error)) throw skuTaken(product.sku);
      throw error;
    }
    await this.#afterWrite(tx, product, 1);
  }

  async save(product: Product): Promise<void> {
    const tx = this.uow.current();
    const next = product.version + 1;
    const { count } = await tx.product.updateMany({
      where: { id: product.id, version: product.version },
      data: {
        priceAmount: product.price.amount,
        currency: product.price.currency,
        status: product.status,
        updatedAt: product.updatedAt,
        version: next,
      },
    });
    if (count === 0) {
      const current = await tx.product.findUnique({ where: { id: product.id }, select: { version: true } });
      throw new ConcurrencyConflict("product", product.id, current?.version);
    }
    await this.#afterWrite(tx, product, next);
  }

  async #afterWrite(tx: Tx, product: Product, version: number): Promise<void> {
    await this.projection.productSaved(tx, product, version);
    await this.outbox.write(tx, product, version, currentCausation());
    product.markSaved(version);
  }
}
