/**
 * Catalog's error codes. Each is stable: clients and tests rely on it (a problem's `code`), so a code
 * is never renamed or reused; a new refusal gets a new code here. The HTTP edge maps the error's
 * kind (invalid, illegal-state, conflict, not-found) to a status; nothing here knows about HTTP.
 */
export const CatalogErrors = {
  /** A category name is empty, too long or holds control characters. */
  CATEGORY_INVALID_NAME: "category.invalid_name",
  /** A category with this name exists already under the same parent (or at the root). */
  CATEGORY_NAME_TAKEN: "category.name_taken",
  /** No category has this id. */
  CATEGORY_NOT_FOUND: "category.not_found",
  /** A new category would nest deeper than the levels allowed. */
  CATEGORY_TOO_DEEP: "category.too_deep",
  /** The parent named for a new category does not exist. */
  CATEGORY_UNKNOWN_PARENT: "category.unknown_parent",
  /** The product is discontinued already (discontinuing is final). */
  PRODUCT_ALREADY_DISCONTINUED: "product.already_discontinued",
  /** A new price is in another currency than the product's. */
  PRODUCT_CURRENCY_MISMATCH: "product.currency_mismatch",
  /** A discontinued product cannot be changed (repriced). */
  PRODUCT_DISCONTINUED: "product.discontinued",
  /** An attribute's name or value is not acceptable text. */
  PRODUCT_INVALID_ATTRIBUTE: "product.invalid_attribute",
  /** A description is too long or holds control characters. */
  PRODUCT_INVALID_DESCRIPTION: "product.invalid_description",
  /** A product name is empty, too long or holds control characters. */
  PRODUCT_INVALID_NAME: "product.invalid_name",
  /** A price is zero or negative. */
  PRODUCT_INVALID_PRICE: "product.invalid_price",
  /** A SKU is not 1-64 letters, digits, '.', '_' or '-'. */
  PRODUCT_INVALID_SKU: "product.invalid_sku",
  /** No product has this id. */
  PRODUCT_NOT_FOUND: "product.not_found",
  /** Another product has this SKU (SKUs are unique, ignoring case). */
  PRODUCT_SKU_TAKEN: "product.sku_taken",
  /** A product has more attributes than allowed. */
  PRODUCT_TOO_MANY_ATTRIBUTES: "product.too_many_attributes",
  /** The category named for a new product does not exist. */
  PRODUCT_UNKNOWN_CATEGORY: "product.unknown_category",
  /** The order's stock has been shipped; its reservation can no longer be released. */
  RESERVATION_ALREADY_SHIPPED: "reservation.already_shipped",
  /** A reservation has no lines. */
  RESERVATION_EMPTY: "reservation.empty",
  /** A reserved quantity is not a whole number above 0, or above the per-line maximum. */
  RESERVATION_INVALID_QUANTITY: "reservation.invalid_quantity",
  /** The order has no stock reservation. */
  RESERVATION_NOT_FOUND: "reservation.not_found",
  /** The order's reservation holds no reserved stock (it was released, refused or shipped). */
  RESERVATION_NOT_RESERVED: "reservation.not_reserved",
  /** A reservation has more lines than allowed. */
  RESERVATION_TOO_MANY_LINES: "reservation.too_many_lines",
  /** Removing these units would leave fewer on hand than are reserved for orders. */
  STOCK_BELOW_RESERVED: "stock.below_reserved",
  /** Fewer units are available than requested. */
  STOCK_INSUFFICIENT: "stock.insufficient",
  /** A stock adjustment is 0, not whole, or beyond the largest single adjustment. */
  STOCK_INVALID_DELTA: "stock.invalid_delta",
  /** A stock quantity is not a whole number in range. */
  STOCK_INVALID_QUANTITY: "stock.invalid_quantity",
  /** A stock adjustment's reason is empty, too long or holds control characters. */
  STOCK_INVALID_REASON: "stock.invalid_reason",
  /** A low-stock threshold is not a whole number in range. */
  STOCK_INVALID_THRESHOLD: "stock.invalid_threshold",
  /** Releasing more units than are reserved. */
  STOCK_RELEASE_EXCEEDS_RESERVED: "stock.release_exceeds_reserved",
  /** Shipping more units than are reserved. */
  STOCK_SHIP_EXCEEDS_RESERVED: "stock.ship_exceeds_reserved",
  /** The units on hand would exceed the largest stock a product can hold. */
  STOCK_TOO_LARGE: "stock.too_large",
} as const;

export type CatalogErrorCode = (typeof CatalogErrors)[keyof typeof CatalogErrors];
