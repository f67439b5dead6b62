import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../field-schemas.ts";
import type { ProductRepository } from "../ports.ts";
import { loadProduct } from "./load-product.ts";

export class DiscontinueProduct extends Command {
  static readonly schema = Type.Object({ productId: Uuid }, { additionalProperties: false });

  constructor(
    readonly productId: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class DiscontinueProductHandler implements MessageHandler<DiscontinueProduct> {
  constructor(private readonly products: ProductRepository) {}

  async handle(command: DiscontinueProduct): Promise<void> {
    const product = await loadProduct(this.products, command.productId, command);
    product.discontinue();
    await this.products.save(product);
  }
}
