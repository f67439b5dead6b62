import type { Category } from "../domain/category.ts";
import type { Product } from "../domain/product.ts";
import type { Reservation } from "../domain/reservation.ts";
import type { StockItem } from "../domain/stock-item.ts";

export interface CategoryRepository {
  get(id: string): Promise<Category | undefined>;
  /** Fails with category.name_taken (409) when a sibling already has the name, whatever its case. */
  add(category: Category): Promise<void>;
}

export interface ProductRepository {
  get(id: string): Promise<Product | undefined>;
  /** Whether a product already has this SKU, whatever its case. */
  skuTaken(sku: string): Promise<boolean>;
  /** Fails with product.sku_taken (409) when the SKU is taken (the database's unique index decides). */
  add(product: Product): Promise<void>;
  /** Persists changes; fails with a concurrency conflict if someone saved a newer version first. */
  save(product: Product): Promise<void>;
}

export interface StockItemRepository {
  get(productId: string): Promise<StockItem | undefined>;
  /**
   * The stock items of these products, their rows locked until the transaction ends, always in
   * product id order, so that transactions locking several rows cannot deadlock. Products without
   * stock are missing from the map.
   */
  getForUpdate(productIds: readonly string[]): Promise<Map<string, StockItem>>;
  add(item: StockItem): Promise<void>;
  save(item: StockItem): Promise<void>;
}

export interface ReservationRepository {
  /** The order's reservation, its row locked until the transaction ends. */
  getForUpdate(orderId: string): Promise<Reservation | undefined>;
  /** Fails with a concurrency conflict when the order already has one (a concurrent duplicate). */
  add(reservation: Reservation): Promise<void>;
  save(reservation: Reservation): Promise<void>;
}
