import { ProductCreated, ProductDiscontinued, ProductPriceChanged } from "@ecommerce/contracts";
import { Money } from "@ecommerce/domain-kernel";
import type { IntegrationEventHandlers } from "@ecommerce/messaging";
import type { ProductReplica } from "../ports.ts";
import { replicaVersionOf } from "./replica-version.ts";

/** Keeps the price replica in step with the catalog, so orders are priced without asking it. */
export function onProductEvents(products: ProductReplica) {
  return {
    [ProductCreated.type]: async (event) => {
      const { productId, sku, name, price } = event.data;
      await products.add({ productId, sku, name, price: Money.fromJSON(price) }, replicaVersionOf(event));
    },
    [ProductPriceChanged.type]: async (event) => {
      const { productId, price } = event.data;
      await products.changePrice(productId, Money.fromJSON(price), replicaVersionOf(event));
    },
    [ProductDiscontinued.type]: async (event) => {
      await products.discontinue(event.data.productId, replicaVersionOf(event));
    },
  } satisfies IntegrationEventHandlers;
}
