import { anonymous, ownerOr, Roles, type RouteAccess, requires } from "@ecommerce/service-kit";
import type { Context } from "../domain/public-routes.ts";

/**
 * The gateway's coarse rule, by context and by reads against commands: anonymous reads of the
 * catalogue, and otherwise a valid token with a role of the context for the kind of request (a
 * customer's token where customers act on their own resources). The service decides each route
 * again, finely (which role, whose resource); the gateway only keeps out what no route would take.
 */
const ACCESS: Record<Context, { reads: RouteAccess; commands: RouteAccess }> = {
  catalog: { reads: anonymous(), commands: requires(Roles.CATALOG_WRITE) },
  ordering: { reads: ownerOr(Roles.ORDERS_READ), commands: ownerOr(Roles.ORDERS_WRITE) },
  customer: { reads: ownerOr(Roles.CUSTOMERS_READ), commands: ownerOr(Roles.CUSTOMERS_WRITE) },
  billing: { reads: ownerOr(Roles.BILLING_READ), commands: requires(Roles.ADMIN) },
  shipping: { reads: ownerOr(Roles.SHIPPING_READ), commands: requires(Roles.SHIPPING_WRITE) },
};

export function gatewayAccess(context: Context, read: boolean): RouteAccess {
  return read ? ACCESS[context].reads : ACCESS[context].commands;
}
