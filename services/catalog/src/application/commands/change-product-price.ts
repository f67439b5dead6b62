import { Money, type MoneyJson } from "@ecommerce/domain-kernel";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import type { ProductRepository } from "../ports.ts";
import { loadProduct } from "./load-product.ts";

export class ChangeProductPrice extends Command {
  constructor(
    readonly productId: string,
    readonly price: MoneyJson,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class ChangeProductPriceHandler implements MessageHandler<ChangeProductPrice> {
  constructor(private readonly products: ProductRepository) {}

  async handle(command: ChangeProductPrice): Promise<void> {
    const product = await loadProduct(this.products, command.productId, command);
    if (product.changePrice(Money.fromJSON(command.price))) await this.products.save(product);
  }
}
