import { anonymous, ownerOr, type RouteAccess, requires } from "@ecommerce/service-kit";
import type { Context } from "../domain/public-routes.ts";

/**
 * The gateway's coarse rule, by context and by reads against commands: anonymous reads of the
 * catalogue, and otherwise a valid token with a role of the context for the kind of request (a
 * customer's token where customers act on their own resources). The service decides each route
 * again, finely (which role, whose resource); the gateway only keeps out what no route would take.
 */
const ACCESS: Record<Context, { reads: RouteAccess; commands: RouteAccess }> = {
  catalog: { reads: anonymous(), commands: requires("catalog.write") },
  ordering: { reads: ownerOr("orders.read"), commands: ownerOr("orders.write") },
  customer: { reads: ownerOr("customers.read"), commands: ownerOr("customers.write") },
  billing: { reads: ownerOr("billing.read"), commands: requires("admin") },
  shipping: { reads: ownerOr("shipping.read"), commands: requires("shipping.write") },
};

export function gatewayAccess(context: Context, read: boolean): RouteAccess {
  return read ? ACCESS[context].reads : ACCESS[context].commands;
}
