import {
  isEvent,
  type KnownEvent,
  ProductCreated,
  ProductDiscontinued,
  ProductPriceChanged,
} from "@ecommerce/contracts";
import { Money } from "@ecommerce/domain-kernel";
import type { ProductReplica } from "../ports.ts";
import type { IntegrationEventHandler } from "./handle-integration-event.ts";

/** Keeps the price replica in step with the catalog, so orders are priced without asking it. */
export class OnProductEvents implements IntegrationEventHandler {
  readonly handles = [ProductCreated.type, ProductPriceChanged.type, ProductDiscontinued.type];

  constructor(private readonly products: ProductReplica) {}

  async handle(event: KnownEvent): Promise<void> {
    const asOf = new Date(event.time);
    if (isEvent(event, ProductCreated)) {
      const { productId, sku, name, price } = event.data;
      await this.products.add({ productId, sku, name, price: Money.fromJSON(price) }, asOf);
    } else if (isEvent(event, ProductPriceChanged)) {
      await this.products.changePrice(event.data.productId, Money.fromJSON(event.data.price), asOf);
    } else if (isEvent(event, ProductDiscontinued)) {
      await this.products.discontinue(event.data.productId, asOf);
    }
  }
}
