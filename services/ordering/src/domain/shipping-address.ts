import { DomainError } from "@ecommerce/domain-kernel";
import { OrderingErrors } from "./errors.ts";

/** Where the parcel goes: as much of an address as a shipment label needs. */
export interface ShippingAddress {
  readonly recipient: string;
  readonly line1: string;
  readonly line2?: string | null | undefined;
  readonly postalCode: string;
  readonly city: string;
  readonly region?: string | null | undefined;
  readonly country: string;
}

/** The longest each text field may be; the message and HTTP schemas use the same bounds. */
export const ADDRESS_MAX_LENGTHS = {
  recipient: 200,
  line1: 200,
  line2: 200,
  postalCode: 20,
  city: 100,
  region: 100,
} as const;

/** ISO 3166-1 alpha-2, as a JSON Schema pattern too. */
export const COUNTRY_CODE_PATTERN = "^[A-Z]{2}$";
const COUNTRY_CODE = new RegExp(COUNTRY_CODE_PATTERN);

export function shippingAddress(props: ShippingAddress): ShippingAddress {
  for (const [field, max] of Object.entries(ADDRESS_MAX_LENGTHS)) {
    const value = props[field as keyof ShippingAddress];
    const optional = field === "line2" || field === "region";
    if ((value === undefined || value === null) && optional) continue;
    if (typeof value !== "string" || value.trim().length === 0 || value.length > max) {
      throw new DomainError(
        OrderingErrors.ORDER_INVALID_ADDRESS,
        `shipping address ${field} must be 1-${max} characters`,
      );
    }
  }
  if (!COUNTRY_CODE.test(props.country)) {
    throw new DomainError(
      OrderingErrors.ORDER_INVALID_ADDRESS,
      "shipping address country must be an ISO 3166-1 alpha-2 code",
    );
  }
  return Object.freeze({ ...props });
}
