/** Whether a product can still be ordered. Discontinued is final. */
export const ProductStatus = {
  Active: "Active",
  Discontinued: "Discontinued",
} as const;

export type ProductStatus = (typeof ProductStatus)[keyof typeof ProductStatus];

export const PRODUCT_STATUSES = Object.values(ProductStatus) as ProductStatus[];
