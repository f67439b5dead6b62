import type { ProductDto } from "../application/queries/product-dto.ts";
import type { CategoryPathEntry } from "../domain/category.ts";
import type { Product } from "../domain/product.ts";
import type { StockItem } from "../domain/stock-item.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Tx } from "./database.ts";
import type { ProductCacheInvalidation } from "./product-cache.ts";

/** The product as product_view.document holds it: everything but the stock figures. */
export type ProductDocument = Omit<ProductDto, "available" | "lowStockThreshold">;

export function toProductDocument(
  product: Product,
  path: CategoryPathEntry[],
  version: number,
): ProductDocument {
  const category = path.at(-1) ?? { id: product.categoryId, name: "" };
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    price: product.price.toJSON(),
    status: product.status,
    category: { id: category.id, name: category.name, path },
    attributes: { ...product.attributes },
    version,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

/**
 * Keeps product_view (product + category path + stock, one row per product) in step with the write
 * side, inside the same transaction as the change, and has the cache invalidated after the commit.
 * A product write rewrites the document; a stock write only its figures.
 */
export class ProductViewProjection {
  constructor(private readonly invalidation: ProductCacheInvalidation) {}

  async productSaved(tx: Tx, product: Product, version: number): Promise<void> {
    const category = await tx.category.findUniqueOrThrow({
      where: { id: product.categoryId },
      select: { path: true },
    });
    const path = category.path as unknown as CategoryPathEntry[];
    const document = toProductDocument(product, path, version) as unknown as Prisma.InputJsonObject;
    const now = new Date();
    const columns = { sku: product.sku, name: product.name, status: product.status, document };
    await tx.productView.upsert({
      where: { id: product.id },
      create: {
        id: product.id,
        ...columns,
        categoryId: product.categoryId,
        categoryIds: path.map((p) => p.id),
        onHand: 0,
        reserved: 0,
        lowStockThreshold: 0,
        productVersion: version,
        stockVersion: 0,
        updatedAt: now,
      },
      update: { ...columns, productVersion: version, updatedAt: now },
    });
    this.invalidation.changed(product.id);
  }

  async stockSaved(tx: Tx, item: StockItem, version: number): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE product_view SET on_hand = $2, reserved = $3, low_stock_threshold = $4, stock_version = $5,
              updated_at = now() WHERE id = $1::uuid`,
      item.productId,
      item.onHand,
      item.reserved,
      item.lowStockThreshold,
      version,
    );
    this.invalidation.changed(item.productId);
  }
}
