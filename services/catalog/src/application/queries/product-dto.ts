import type { MoneyJson } from "@ecommerce/domain-kernel";
import type { Page } from "@ecommerce/service-kit";
import type { CategoryPathEntry } from "../../domain/category.ts";
import type { ProductStatus } from "../../domain/product-status.ts";

/** The product as clients see it, with what is available to sell. */
export interface ProductDto {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: MoneyJson;
  status: ProductStatus;
  category: { id: string; name: string; path: CategoryPathEntry[] };
  attributes: Record<string, string>;
  /** Units that can still be ordered: on hand minus reserved. */
  available: number;
  lowStockThreshold: number;
  /** The product's version (price, status); its stock has its own. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StockLevelDto {
  onHand: number;
  reserved: number;
  available: number;
}

/** One product_view row: the product, its stock figures and the versions behind its ETags. */
export interface ProductEntry {
  product: ProductDto;
  stock: StockLevelDto;
  productVersion: number;
  stockVersion: number;
}

export interface CategoryDto {
  id: string;
  name: string;
  parentId: string | null;
  /** From the root down to the category itself. */
  path: CategoryPathEntry[];
  depth: number;
  createdAt: string;
}

export interface ProductListFilter {
  /** The category and every category below it. */
  categoryId?: string | undefined;
  /** Part of the name or the SKU, any case. */
  q?: string | undefined;
  includeDiscontinued: boolean;
  cursor?: string | undefined;
  limit: number;
}

/** The read side: denormalised rows, no aggregate is loaded to answer a query. */
export interface ProductReadModel {
  get(id: string): Promise<ProductEntry | undefined>;
  /** Products by name (then id); undefined when the filter names a category that does not exist. */
  list(filter: ProductListFilter): Promise<Page<ProductDto> | undefined>;
}

export interface CategoryReadModel {
  get(id: string): Promise<CategoryDto | undefined>;
  /** The children of a category, or the roots; undefined when the parent does not exist. */
  listChildren(
    parentId: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<CategoryDto> | undefined>;
}
