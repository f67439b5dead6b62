import { Currency, DomainError, Money } from "@ecommerce/domain-kernel";
import type {
  ProductPricing,
  ProductReplica,
  ReplicatedProduct,
  ReplicaVersion,
} from "../application/ports.ts";
import { OrderingErrors } from "../domain/errors.ts";
import type { Db, OrderingUnitOfWork } from "./database.ts";
import { ReplicaNotReady } from "./replica-not-ready.ts";
import { advanceTo, isNotOlder } from "./replica-position.ts";

/**
 * The catalog_products table: prices and active flags as the catalog last announced them, each write
 * guarded by the row's position (see replica-position.ts).
 */
export class PrismaProductReplica implements ProductPricing, ProductReplica {
  constructor(
    private readonly db: Db,
    private readonly uow: OrderingUnitOfWork,
  ) {}

  async priceOf(productId: string): Promise<Money> {
    const row = await this.uow.currentOr(this.db).catalogProduct.findUnique({ where: { productId } });
    if (!row)
      throw new DomainError(
        OrderingErrors.ORDER_UNKNOWN_PRODUCT,
        `product ${productId} is not in the catalog`,
      );
    if (!row.active) {
      throw new DomainError(
        OrderingErrors.ORDER_PRODUCT_DISCONTINUED,
        `product ${productId} (${row.sku}) is discontinued`,
      );
    }
    return Money.of(row.unitPrice.toFixed(Currency.minorDigits(row.currency)), row.currency);
  }

  async add(product: ReplicatedProduct, version: ReplicaVersion): Promise<void> {
    await this.uow.current().$executeRawUnsafe(
      `INSERT INTO catalog_products (product_id, sku, name, unit_price, currency, active, as_of, sequence)
       VALUES ($1::uuid, $2, $3, $4::numeric, $5, true, $6, $7::bigint)
       ON CONFLICT (product_id) DO UPDATE
         SET sku = EXCLUDED.sku, name = EXCLUDED.name, unit_price = EXCLUDED.unit_price,
             currency = EXCLUDED.currency, ${advanceTo("catalog_products", "$7", "$6")}
         WHERE ${isNotOlder("catalog_products", "$7", "$6")}`,
      product.productId,
      product.sku,
      product.name,
      product.price.amount,
      product.price.currency,
      version.asOf,
      version.sequence ?? null,
    );
  }

  async changePrice(productId: string, price: Money, version: ReplicaVersion): Promise<void> {
    const tx = this.uow.current();
    const updated = await tx.$executeRawUnsafe(
      `UPDATE catalog_products
       SET unit_price = $2::numeric, currency = $3, ${advanceTo("catalog_products", "$5", "$4")}
       WHERE product_id = $1::uuid AND ${isNotOlder("catalog_products", "$5", "$4")}`,
      productId,
      price.amount,
      price.currency,
      version.asOf,
      version.sequence ?? null,
    );
    if (
      updated === 0 &&
      !(await tx.catalogProduct.findUnique({ where: { productId }, select: { productId: true } }))
    ) {
      throw new ReplicaNotReady("product", productId);
    }
  }

  async discontinue(productId: string, version: ReplicaVersion): Promise<void> {
    const updated = await this.uow.current().$executeRawUnsafe(
      `UPDATE catalog_products SET active = false, ${advanceTo("catalog_products", "$3", "$2")}
       WHERE product_id = $1::uuid`,
      productId,
      version.asOf,
      version.sequence ?? null,
    );
    if (updated === 0) throw new ReplicaNotReady("product", productId);
  }
}
