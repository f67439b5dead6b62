import { Currency, DomainError, Money } from "@ecommerce/domain-kernel";
import type {
  ProductPricing,
  ProductReplica,
  ReplicatedProduct,
  ReplicaVersion,
} from "../application/ports.ts";
import type { Db, OrderingUnitOfWork } from "./database.ts";
import { ReplicaNotReady } from "./replica-not-ready.ts";

/** The catalog_products table: prices and active flags as the catalog last announced them. */
export class PrismaProductReplica implements ProductPricing, ProductReplica {
  constructor(
    private readonly db: Db,
    private readonly uow: OrderingUnitOfWork,
  ) {}

  async priceOf(productId: string): Promise<Money> {
    const row = await this.uow.currentOr(this.db).catalogProduct.findUnique({ where: { productId } });
    if (!row) throw new DomainError("order.unknown_product", `product ${productId} is not in the catalog`);
    if (!row.active) {
      throw new DomainError(
        "order.product_discontinued",
        `product ${productId} (${row.sku}) is discontinued`,
      );
    }
    return Money.of(row.unitPrice.toFixed(Currency.minorDigits(row.currency)), row.currency);
  }

  async add(product: ReplicatedProduct, version: ReplicaVersion): Promise<void> {
    await this.uow.current().$executeRawUnsafe(
      `INSERT INTO catalog_products (product_id, sku, name, unit_price, currency, active, as_of)
       VALUES ($1::uuid, $2, $3, $4::numeric, $5, true, $6)
       ON CONFLICT (product_id) DO UPDATE
         SET sku = EXCLUDED.sku, name = EXCLUDED.name, unit_price = EXCLUDED.unit_price,
             currency = EXCLUDED.currency, as_of = EXCLUDED.as_of
         WHERE catalog_products.as_of <= EXCLUDED.as_of`,
      product.productId,
      product.sku,
      product.name,
      product.price.amount,
      product.price.currency,
      version.asOf,
    );
  }

  async changePrice(productId: string, price: Money, version: ReplicaVersion): Promise<void> {
    const tx = this.uow.current();
    const updated = await tx.$executeRawUnsafe(
      `UPDATE catalog_products SET unit_price = $2::numeric, currency = $3, as_of = $4
       WHERE product_id = $1::uuid AND as_of <= $4`,
      productId,
      price.amount,
      price.currency,
      version.asOf,
    );
    if (
      updated === 0 &&
      !(await tx.catalogProduct.findUnique({ where: { productId }, select: { productId: true } }))
    ) {
      throw new ReplicaNotReady("product", productId);
    }
  }

  async discontinue(productId: string, version: ReplicaVersion): Promise<void> {
    const updated = await this.uow
      .current()
      .$executeRawUnsafe(
        "UPDATE catalog_products SET active = false, as_of = GREATEST(as_of, $2) WHERE product_id = $1::uuid",
        productId,
        version.asOf,
      );
    if (updated === 0) throw new ReplicaNotReady("product", productId);
  }
}
