import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { productNotFound } from "../commands/load-product.ts";
import { Uuid } from "../field-schemas.ts";
import type { ProductEntry, ProductReadModel } from "./product-dto.ts";

export class GetProduct extends Query<ProductEntry> {
  static readonly schema = Type.Object({ productId: Uuid }, { additionalProperties: false });

  constructor(readonly productId: string) {
    super();
  }
}

export class GetProductHandler implements MessageHandler<GetProduct> {
  constructor(private readonly readModel: ProductReadModel) {}

  async handle(query: GetProduct): Promise<ProductEntry> {
    const entry = await this.readModel.get(query.productId);
    if (!entry) throw productNotFound(query.productId);
    return entry;
  }
}
