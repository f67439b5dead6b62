import { ADMIN_ROLE, CUSTOMER_ROLE, type StaffRole } from "./roles.ts";

/** Who a verified token speaks for. */
export interface Principal {
  /** The token's `sub`: a staff member's id, or a customer's id for a `customer` token. */
  subject: string;
  roles: readonly string[];
}

/** True when the principal holds one of `roles`, or `admin` (which holds them all). */
export function holdsAnyRole(principal: Principal, roles: readonly StaffRole[]): boolean {
  return principal.roles.includes(ADMIN_ROLE) || roles.some((role) => principal.roles.includes(role));
}

export function isCustomer(principal: Principal): boolean {
  return principal.roles.includes(CUSTOMER_ROLE);
}
