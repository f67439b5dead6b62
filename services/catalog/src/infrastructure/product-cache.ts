import { createHash } from "node:crypto";
import type { Cache, Page } from "@ecommerce/service-kit";
import type {
  ProductDto,
  ProductEntry,
  ProductListFilter,
  ProductReadModel,
} from "../application/queries/product-dto.ts";
import type { CatalogUnitOfWork } from "./database.ts";

const LIST_GENERATION = "product-lists";
const productKey = (id: string) => `product:${id}`;

export interface ProductCacheOptions {
  /** How long a product stays cached (writes invalidate it at once). */
  productTtlSeconds?: number;
  /** How long a list page stays cached (any product or stock write invalidates every page). */
  listTtlSeconds?: number;
}

/**
 * Cache-aside in front of the product read model: a product by id under its own key, list pages
 * under a key that carries the lists' generation, so one bump after a write makes every page stale.
 */
export class CachedProductReadModel implements ProductReadModel {
  constructor(
    private readonly inner: ProductReadModel,
    private readonly cache: Cache,
    private readonly options: ProductCacheOptions = {},
  ) {}

  get(id: string): Promise<ProductEntry | undefined> {
    if (this.cache.kind === "off") return this.inner.get(id);
    return this.cache.getOrLoad(productKey(id), () => this.inner.get(id), this.options.productTtlSeconds);
  }

  async list(filter: ProductListFilter): Promise<Page<ProductDto> | undefined> {
    if (this.cache.kind === "off") return this.inner.list(filter);
    const generation = await this.cache.generation(LIST_GENERATION);
    const params = JSON.stringify([
      filter.categoryId ?? null,
      filter.q ?? null,
      filter.includeDiscontinued,
      filter.cursor ?? null,
      filter.limit,
    ]);
    const key = `products:${generation}:${createHash("sha256").update(params).digest("base64url")}`;
    return this.cache.getOrLoad(key, () => this.inner.list(filter), this.options.listTtlSeconds);
  }
}

/**
 * Invalidates what a transaction changed once it has committed (never before: a reader could put
 * the old value back): the products' own keys, and every list page through the generation.
 */
export class ProductCacheInvalidation {
  readonly #pending = new WeakMap<object, Set<string>>();

  constructor(
    private readonly uow: CatalogUnitOfWork,
    private readonly cache: Cache,
  ) {}

  /** Called by the projection for each product whose read-model row the current transaction wrote. */
  changed(productId: string): void {
    const tx = this.uow.current() as object;
    let ids = this.#pending.get(tx);
    if (!ids) {
      const touched = new Set<string>();
      ids = touched;
      this.#pending.set(tx, touched);
      this.uow.afterCommit(() => this.invalidate([...touched]));
    }
    ids.add(productId);
  }

  async invalidate(productIds: readonly string[]): Promise<void> {
    if (this.cache.kind === "off") return;
    await this.cache.delete(...productIds.map(productKey));
    await this.cache.bump(LIST_GENERATION);
  }
}
