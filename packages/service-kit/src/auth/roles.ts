/**
 * The staff roles: reads and writes apart, per context. `admin` holds them all. A token's `roles`
 * claim carries them (Entra ID app roles; the development issuer's `--roles`).
 */
export const Roles = {
  CATALOG_READ: "catalog.read",
  CATALOG_WRITE: "catalog.write",
  ORDERS_READ: "orders.read",
  ORDERS_WRITE: "orders.write",
  CUSTOMERS_READ: "customers.read",
  CUSTOMERS_WRITE: "customers.write",
  BILLING_READ: "billing.read",
  SHIPPING_READ: "shipping.read",
  SHIPPING_WRITE: "shipping.write",
  ADMIN: "admin",
} as const;

export const STAFF_ROLES = Object.values(Roles);

/** A shopper: the token's subject is their customer id, and they reach only what is theirs. */
export const CUSTOMER_ROLE = "customer";

export type StaffRole = (typeof Roles)[keyof typeof Roles];
export type Role = StaffRole | typeof CUSTOMER_ROLE;

export const ADMIN_ROLE: StaffRole = Roles.ADMIN;
