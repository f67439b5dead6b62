import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { productNotFound } from "../commands/load-product.ts";
import type { ProductEntry, ProductReadModel } from "./product-dto.ts";

export class GetProduct extends Query<ProductEntry> {
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
