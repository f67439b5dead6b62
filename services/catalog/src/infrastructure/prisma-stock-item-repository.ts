import { newId } from "@ecommerce/domain-kernel";
import { ConcurrencyConflict, currentCausation } from "@ecommerce/service-kit";
import type { StockItemRepository } from "../application/ports.ts";
import { StockChanged } from "../domain/events.ts";
import { StockItem } from "../domain/stock-item.ts";
import type { CatalogOutbox } from "./catalog-integration-events.ts";
import type { CatalogUnitOfWork, Db, Tx } from "./database.ts";
import type { ProductViewProjection } from "./product-view-projection.ts";

interface StockRow {
  product_id: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  version: number;
}

const COLUMNS = "product_id::text, on_hand, reserved, low_stock_threshold, version";

function restore(row: StockRow): StockItem {
  return StockItem.restore(
    {
      productId: row.product_id,
      onHand: row.on_hand,
      reserved: row.reserved,
      lowStockThreshold: row.low_stock_threshold,
    },
    row.version,
  );
}

/**
 * Inventory rows. Reservations lock them (FOR UPDATE, in product id order) and decide on committed
 * figures; HTTP adjustments use the version check. Either way a save writes the figures only if the
 * version is still the one loaded, and the table's CHECKs refuse a negative or oversold row.
 * Every change also lands in stock_movements (the audit trail), product_view and the outbox.
 */
export class PrismaStockItemRepository implements StockItemRepository {
  constructor(
    private readonly db: Db,
    private readonly uow: CatalogUnitOfWork,
    private readonly projection: ProductViewProjection,
    private readonly outbox: CatalogOutbox,
  ) {}

  async get(productId: string): Promise<StockItem | undefined> {
    const rows = await this.uow
      .currentOr(this.db)
      .$queryRawUnsafe<StockRow[]>(
        `SELECT ${COLUMNS} FROM stock_items WHERE product_id = $1::uuid`,
        productId,
      );
    return rows[0] ? restore(rows[0]) : undefined;
  }

  async getForUpdate(productIds: readonly string[]): Promise<Map<string, StockItem>> {
    const ids = [...new Set(productIds)].sort();
    if (ids.length === 0) return new Map();
    // The sort happens before the rows are locked, so every transaction locks in the same order.
    const rows = await this.uow
      .current()
      .$queryRawUnsafe<StockRow[]>(
        `SELECT ${COLUMNS} FROM stock_items WHERE product_id = ANY($1::uuid[]) ORDER BY product_id FOR UPDATE`,
        ids,
      );
    return new Map(rows.map((row) => [row.product_id, restore(row)]));
  }

  async add(item: StockItem): Promise<void> {
    const tx = this.uow.current();
    await tx.stockItem.create({
      data: {
        productId: item.productId,
        onHand: item.onHand,
        reserved: item.reserved,
        lowStockThreshold: item.lowStockThreshold,
        version: 1,
      },
    });
    await this.#afterWrite(tx, item, 1);
  }

  async save(item: StockItem): Promise<void> {
    const tx = this.uow.current();
    const next = item.version + 1;
    const count = await tx.$executeRawUnsafe(
      `UPDATE stock_items SET on_hand = $2, reserved = $3, version = $5
        WHERE product_id = $1::uuid AND version = $4`,
      item.productId,
      item.onHand,
      item.reserved,
      item.version,
      next,
    );
    if (count === 0) {
      const current = await this.get(item.productId);
      throw new ConcurrencyConflict("stock of product", item.productId, current?.version);
    }
    await this.#afterWrite(tx, item, next);
  }

  async #afterWrite(tx: Tx, item: StockItem, version: number): Promise<void> {
    const movements = item.domainEvents.filter((e): e is StockChanged => e instanceof StockChanged);
    if (movements.length > 0) {
      await tx.stockMovement.createMany({
        data: movements.map((m) => ({
          id: newId(),
          productId: item.productId,
          kind: m.kind,
          onHandDelta: m.onHandDelta,
          reservedDelta: m.reservedDelta,
          onHandAfter: m.onHandAfter,
          reservedAfter: m.reservedAfter,
          reason: m.reason,
          orderId: m.orderId,
          at: m.occurredAt,
        })),
      });
    }
    await this.projection.stockSaved(tx, item, version);
    await this.outbox.write(tx, item, version, currentCausation());
    item.markSaved(version);
  }
}
