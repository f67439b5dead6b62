import { DomainError } from "@ecommerce/domain-kernel";
import { type Command, loadOrThrow } from "@ecommerce/service-kit";
import { CatalogErrors } from "../../domain/errors.ts";
import type { Product } from "../../domain/product.ts";
import type { ProductRepository } from "../ports.ts";

export function productNotFound(productId: string): DomainError {
  return new DomainError(CatalogErrors.PRODUCT_NOT_FOUND, `product ${productId} does not exist`, "not-found");
}

/** Loads the product a command acts on: 404 if it does not exist, 412 if the client's version is stale. */
export function loadProduct(
  products: ProductRepository,
  productId: string,
  command: Command<unknown>,
): Promise<Product> {
  return loadOrThrow((id) => products.get(id), productId, command, productNotFound);
}
