/**
 * Customer's error codes. Each is stable: clients and tests rely on it (a problem's `code`), so a
 * code is never renamed or reused; a new refusal gets a new code here. The HTTP edge maps the
 * error's kind (invalid, illegal-state, conflict, not-found) to a status; nothing here knows HTTP.
 */
export const CustomerErrors = {
  /** The customer has no saved address with this id. */
  CUSTOMER_ADDRESS_NOT_FOUND: "customer.address_not_found",
  /** The customer is deactivated: no further changes. */
  CUSTOMER_DEACTIVATED: "customer.deactivated",
  /** Another customer has this email address (compared without case). */
  CUSTOMER_EMAIL_TAKEN: "customer.email_taken",
  /** An address line, city or postal code is empty, too long or holds characters not allowed. */
  CUSTOMER_INVALID_ADDRESS: "customer.invalid_address",
  /** A country is not an ISO 3166-1 alpha-2 code. */
  CUSTOMER_INVALID_COUNTRY: "customer.invalid_country",
  /** A preferred currency is not an ISO 4217 code. */
  CUSTOMER_INVALID_CURRENCY: "customer.invalid_currency",
  /** An email address is not one like name@example.com. */
  CUSTOMER_INVALID_EMAIL: "customer.invalid_email",
  /** A preferred language is not a BCP 47 language tag. */
  CUSTOMER_INVALID_LANGUAGE: "customer.invalid_language",
  /** A name is empty, too long or holds control characters. */
  CUSTOMER_INVALID_NAME: "customer.invalid_name",
  /** Preferences are malformed (marketing consent not true or false). */
  CUSTOMER_INVALID_PREFERENCES: "customer.invalid_preferences",
  /** No customer has this id. */
  CUSTOMER_NOT_FOUND: "customer.not_found",
  /** A customer would keep more addresses than allowed. */
  CUSTOMER_TOO_MANY_ADDRESSES: "customer.too_many_addresses",
} as const;

export type CustomerErrorCode = (typeof CustomerErrors)[keyof typeof CustomerErrors];
