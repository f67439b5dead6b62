import type { FastifyRequest } from "fastify";
import { KitErrors } from "../errors/kit-errors.ts";
import { HttpProblem } from "../http/problems.ts";
import "./request-access.ts";

/**
 * The customer this request is limited to: a `customer` token on an `ownerOr(...)` route. Undefined
 * means every customer's (staff). A list query filters by it; a read or command on one resource
 * uses `ensureOwnedBy`.
 */
export function customerScope(request: FastifyRequest): string | undefined {
  return request.access?.customerId;
}

/**
 * Refuses a customer's request on someone else's resource with the same 404 a missing one gets
 * (`notFound()`), so that its existence is not disclosed.
 */
export function ensureOwnedBy(request: FastifyRequest, ownerId: string, notFound: () => Error): void {
  const scope = customerScope(request);
  if (scope !== undefined && scope !== ownerId) throw notFound();
}

/**
 * A customer may act only for themselves (placing an order, registering a profile for a customer
 * id in the body): a 403, since the id is their own input and its existence is not at stake.
 */
export function ensureActsFor(request: FastifyRequest, customerId: string): void {
  const scope = customerScope(request);
  if (scope !== undefined && scope !== customerId) {
    throw new HttpProblem(403, KitErrors.FORBIDDEN, "a customer may act only for themselves");
  }
}
