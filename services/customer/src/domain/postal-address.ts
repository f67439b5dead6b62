import { boundedText, DomainError, optionalBoundedText, ValueObject } from "@ecommerce/domain-kernel";
import { isAssignedCountryCode } from "./country-code.ts";
import { CustomerErrors } from "./errors.ts";

export const MAX_LINE_LENGTH = 200;
export const MAX_CITY_LENGTH = 100;
export const MAX_POSTAL_CODE_LENGTH = 20;

export interface PostalAddressProps {
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
}

export interface PostalAddressInput {
  line1: string;
  line2?: string | null | undefined;
  city: string;
  postalCode: string;
  country: string;
}

export const POSTAL_CODE_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$/;

/** Where a parcel can go. Two addresses with the same fields are the same address. */
export class PostalAddress extends ValueObject<PostalAddressProps> {
  private constructor(props: PostalAddressProps) {
    super(props);
  }

  static of(input: PostalAddressInput): PostalAddress {
    const line1 = boundedText(
      input.line1,
      { max: MAX_LINE_LENGTH },
      CustomerErrors.CUSTOMER_INVALID_ADDRESS,
      "address line 1",
    );
    const line2 = optionalBoundedText(
      input.line2,
      { max: MAX_LINE_LENGTH },
      CustomerErrors.CUSTOMER_INVALID_ADDRESS,
      "address line 2",
    );
    const city = boundedText(
      input.city,
      { max: MAX_CITY_LENGTH },
      CustomerErrors.CUSTOMER_INVALID_ADDRESS,
      "the city",
    );
    const postalCode = boundedText(
      input.postalCode,
      { max: MAX_POSTAL_CODE_LENGTH },
      CustomerErrors.CUSTOMER_INVALID_ADDRESS,
      "the postal code",
    );
    if (!POSTAL_CODE_PATTERN.test(postalCode)) {
      throw new DomainError(
        CustomerErrors.CUSTOMER_INVALID_ADDRESS,
        "the postal code may hold only letters, digits, spaces and hyphens",
      );
    }
    const country = typeof input.country === "string" ? input.country : "";
    if (!isAssignedCountryCode(country)) {
      throw new DomainError(
        CustomerErrors.CUSTOMER_INVALID_COUNTRY,
        `"${country.slice(0, 10)}" is not an ISO 3166-1 alpha-2 country code (e.g. "DE", "FR", "US")`,
      );
    }
    return new PostalAddress({ line1, line2, city, postalCode, country });
  }

  get line1(): string {
    return this.props.line1;
  }

  get line2(): string | null {
    return this.props.line2;
  }

  get city(): string {
    return this.props.city;
  }

  get postalCode(): string {
    return this.props.postalCode;
  }

  get country(): string {
    return this.props.country;
  }

  toJSON(): PostalAddressProps {
    return { ...this.props };
  }
}
