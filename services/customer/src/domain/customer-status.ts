/** An Active customer can shop and change their data; a Deactivated one is frozen for good. */
export const CustomerStatus = {
  Active: "Active",
  Deactivated: "Deactivated",
} as const;

export type CustomerStatus = (typeof CustomerStatus)[keyof typeof CustomerStatus];

export const CUSTOMER_STATUSES = Object.values(CustomerStatus) as CustomerStatus[];
