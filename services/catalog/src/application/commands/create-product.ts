import { DomainError, Money, type MoneyJson, newId } from "@ecommerce/domain-kernel";
import { Command, type MessageHandler, MoneySchema } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { CatalogErrors } from "../../domain/errors.ts";
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, Product } from "../../domain/product.ts";
import { MAX_STOCK, MAX_THRESHOLD, StockItem } from "../../domain/stock-item.ts";
import { Attributes, Line, MultiLine, Sku, Uuid } from "../field-schemas.ts";
import type { CategoryRepository, ProductRepository, StockItemRepository } from "../ports.ts";

export interface NewProductRequest {
  sku: string;
  name: string;
  description?: string | undefined;
  price: MoneyJson;
  categoryId: string;
  initialStock?: number | undefined;
  lowStockThreshold?: number | undefined;
  attributes?: Record<string, string> | undefined;
}

export class CreateProduct extends Command<string> {
  /** A catalogue name is no one's personal data: the audit trail keeps it. */
  static readonly auditKeeps = ["name"];

  static readonly schema = Type.Object(
    {
      product: Type.Object(
        {
          sku: Sku,
          name: Line(MAX_NAME_LENGTH),
          description: Type.Optional(MultiLine(MAX_DESCRIPTION_LENGTH)),
          price: MoneySchema,
          categoryId: Uuid,
          initialStock: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_STOCK })),
          lowStockThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_THRESHOLD })),
          attributes: Type.Optional(Attributes),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

  constructor(readonly product: NewProductRequest) {
    super();
  }
}

/** A new Active product and its inventory (initial stock, low-stock threshold), in one transaction. */
export class CreateProductHandler implements MessageHandler<CreateProduct> {
  constructor(
    private readonly categories: CategoryRepository,
    private readonly products: ProductRepository,
    private readonly stock: StockItemRepository,
  ) {}

  async handle({ product: input }: CreateProduct): Promise<string> {
    const category = await this.categories.get(input.categoryId);
    if (!category) {
      throw new DomainError(
        CatalogErrors.PRODUCT_UNKNOWN_CATEGORY,
        `category ${input.categoryId} does not exist`,
        "invalid",
        { categoryId: input.categoryId },
      );
    }
    const id = newId();
    const product = Product.create({
      id,
      sku: input.sku,
      name: input.name,
      description: input.description,
      price: Money.fromJSON(input.price),
      categoryId: category.id,
      attributes: input.attributes,
    });
    const item = StockItem.open(id, input.initialStock ?? 0, input.lowStockThreshold ?? 0);
    // The friendly check; the unique index on the SKU settles races between two creators.
    if (await this.products.skuTaken(input.sku)) throw skuTaken(input.sku);
    await this.products.add(product);
    await this.stock.add(item);
    return id;
  }
}

export function skuTaken(sku: string): DomainError {
  return new DomainError(
    CatalogErrors.PRODUCT_SKU_TAKEN,
    `a product with SKU ${sku} already exists`,
    "conflict",
    {
      sku,
    },
  );
}
