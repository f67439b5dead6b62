import { Money, type MoneyJson } from "@ecommerce/domain-kernel";
import { Command, type MessageHandler, MoneySchema } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../field-schemas.ts";
import type { ProductRepository } from "../ports.ts";
import { loadProduct } from "./load-product.ts";

export class ChangeProductPrice extends Command {
  // The command carries money as JSON (the value object is made in the handler), so its JSON shape
  // is what can be checked here; the currency's minor digits are Money's to judge.
  static readonly schema = Type.Object(
    { productId: Uuid, price: MoneySchema },
    { additionalProperties: false },
  );

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
