import { HttpProblem } from "@ecommerce/service-kit";

/**
 * A product has two versions: its own (price, status) and its stock's (every sale changes it).
 * GET /products/{id} answers the ETag "<product>.<stock>", which changes with either; the stock
 * resource answers "<stock>". If-Match takes either form: the product commands compare the product
 * part, the stock command the stock part.
 */
export function productEtag(productVersion: number, stockVersion: number): string {
  return `"${productVersion}.${stockVersion}"`;
}

export function stockEtag(stockVersion: number): string {
  return `"${stockVersion}"`;
}

const IF_MATCH = /^(?:W\/)?"(\d{1,9})(?:\.(\d{1,9}))?"$/;

/** The version If-Match names for `target`; undefined without the header. */
export function versionFromIfMatch(
  header: string | undefined,
  target: "product" | "stock",
): number | undefined {
  if (header === undefined) return undefined;
  const match = IF_MATCH.exec(header.trim());
  if (!match?.[1]) {
    throw new HttpProblem(
      400,
      "invalid_if_match",
      'If-Match must be an ETag this API returned, e.g. "3.7" (product) or "7" (stock)',
    );
  }
  if (target === "stock" && match[2] !== undefined) return Number(match[2]);
  return Number(match[1]);
}
