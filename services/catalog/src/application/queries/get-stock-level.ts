import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { productNotFound } from "../commands/load-product.ts";
import { Uuid } from "../field-schemas.ts";
import type { ProductReadModel, StockLevelDto } from "./product-dto.ts";

export interface StockLevel {
  stock: StockLevelDto;
  stockVersion: number;
}

/** On hand, reserved and available units of a product (from the same read-model row as the product). */
export class GetStockLevel extends Query<StockLevel> {
  static readonly schema = Type.Object({ productId: Uuid }, { additionalProperties: false });

  constructor(readonly productId: string) {
    super();
  }
}

export class GetStockLevelHandler implements MessageHandler<GetStockLevel> {
  constructor(private readonly readModel: ProductReadModel) {}

  async handle(query: GetStockLevel): Promise<StockLevel> {
    const entry = await this.readModel.get(query.productId);
    if (!entry) throw productNotFound(query.productId);
    return { stock: entry.stock, stockVersion: entry.stockVersion };
  }
}
