/** The bounded contexts behind the gateway, each served by its own service. */
export const CONTEXTS = ["catalog", "ordering", "customer", "billing", "shipping"] as const;
export type Context = (typeof CONTEXTS)[number];

export interface PublicResource {
  /** The first path segment after `/api`, and the service's own first segment. */
  resource: string;
  context: Context;
  /** Reads (GET/HEAD) need no token: what a shop shows anyone. */
  anonymousReads: boolean;
}

/**
 * The public API by resource, not by service: `/api/<resource>/...` goes to the owning context's
 * `/<resource>/...`. Nothing else is routed (a service's health, docs and audit stay internal).
 */
export const PUBLIC_RESOURCES: readonly PublicResource[] = [
  { resource: "products", context: "catalog", anonymousReads: true },
  { resource: "categories", context: "catalog", anonymousReads: true },
  { resource: "orders", context: "ordering", anonymousReads: false },
  { resource: "customers", context: "customer", anonymousReads: false },
  { resource: "invoices", context: "billing", anonymousReads: false },
  { resource: "shipments", context: "shipping", anonymousReads: false },
];

export const PUBLIC_PREFIX = "/api";

/** Reads may go to read instances; everything else is a command for a write instance. */
export function isRead(method: string): boolean {
  return method === "GET" || method === "HEAD";
}
