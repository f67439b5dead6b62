/**
 * The staff roles: reads and writes apart, per context. `admin` holds them all. A token's `roles`
 * claim carries them (Entra ID app roles; the development issuer's `--roles`).
 */
export const STAFF_ROLES = [
  "catalog.read",
  "catalog.write",
  "orders.read",
  "orders.write",
  "customers.read",
  "customers.write",
  "billing.read",
  "shipping.read",
  "shipping.write",
  "admin",
] as const;

/** A shopper: the token's subject is their customer id, and they reach only what is theirs. */
export const CUSTOMER_ROLE = "customer";

export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | typeof CUSTOMER_ROLE;

export const ADMIN_ROLE: StaffRole = "admin";
