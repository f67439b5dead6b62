import { ADMIN_ROLE, type StaffRole } from "./roles.ts";

/**
 * What a route needs, declared on the route: `{ config: { auth: requires("orders.read") } }`.
 * - anonymous: anyone; a token, if one is sent, must still be valid.
 * - roles: a valid token holding one of `roles` (or `admin`); with `owner`, a `customer` token is
 *   let through too, and the handler limits it to the customer's own resources (see ownership.ts).
 */
export type RouteAccess =
  | { readonly anonymous: true }
  | { readonly anonymous: false; readonly roles: readonly StaffRole[]; readonly owner: boolean };

/** Open to anyone: the shop's catalog reads, health, the API documents. */
export function anonymous(): RouteAccess {
  return { anonymous: true };
}

/** Staff holding one of `roles` (admin holds all). */
export function requires(...roles: [StaffRole, ...StaffRole[]]): RouteAccess {
  return { anonymous: false, roles, owner: false };
}

/** The customer who owns the resource, or staff holding one of `roles`. */
export function ownerOr(...roles: [StaffRole, ...StaffRole[]]): RouteAccess {
  return { anonymous: false, roles, owner: true };
}

/**
 * What an undeclared route gets at run time: admin only. Deny by default; the test-support check
 * `expectEveryRouteDeclared` fails for such a route long before it ships.
 */
export const UNDECLARED: RouteAccess = { anonymous: false, roles: [ADMIN_ROLE], owner: false };

/** One route as the auth plugin saw it registered: `access` undefined when it declares nothing. */
export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

/** How a declaration reads in the OpenAPI document. */
export function describeAccess(access: RouteAccess): string {
  if (access.anonymous) return "Anonymous: no token needed (a token that is sent must be valid).";
  const roles = access.roles.map((r) => `\`${r}\``).join(" or ");
  return access.owner
    ? `Requires a bearer token with ${roles}, or a \`customer\` token for the customer's own resources (others' answer 404).`
    : `Requires a bearer token with ${roles}.`;
}
