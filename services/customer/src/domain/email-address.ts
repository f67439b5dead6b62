import { DomainError, ValueObject } from "@ecommerce/domain-kernel";
import { CustomerErrors } from "./errors.ts";

export const MAX_EMAIL_LENGTH = 254;

// A pragmatic, ASCII-only address: local part of atext and dots (no leading, trailing or double
// dot), a domain of at least two labels of letters, digits and inner hyphens, a letter TLD.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TLD = /^[A-Za-z]{2,63}$/;

/**
 * A customer's email address as they typed it (trimmed), and its normalised form: the whole address
 * in lower case. Two addresses that differ only in case are the same customer; uniqueness is on the
 * normalised form.
 */
export class EmailAddress extends ValueObject<{ value: string; normalized: string }> {
  private constructor(value: string) {
    super({ value, normalized: value.toLowerCase() });
  }

  static of(raw: string): EmailAddress {
    const value = typeof raw === "string" ? raw.trim() : "";
    if (!EmailAddress.isValid(value)) {
      throw new DomainError(
        CustomerErrors.CUSTOMER_INVALID_EMAIL,
        "the email address is not a valid address like name@example.com",
      );
    }
    return new EmailAddress(value);
  }

  static isValid(value: string): boolean {
    if (value.length === 0 || value.length > MAX_EMAIL_LENGTH) return false;
    const at = value.lastIndexOf("@");
    if (at <= 0 || at > 64) return false;
    const local = value.slice(0, at);
    const labels = value.slice(at + 1).split(".");
    return (
      LOCAL.test(local) &&
      labels.length >= 2 &&
      labels.every((l) => LABEL.test(l)) &&
      TLD.test(labels.at(-1) ?? "")
    );
  }

  /** As the customer gave it. */
  get value(): string {
    return this.props.value;
  }

  /** Lower case: what uniqueness and lookups compare. */
  get normalized(): string {
    return this.props.normalized;
  }

  /** The normalised form of any string, for lookups (no validation: an invalid one finds nobody). */
  static normalize(raw: string): string {
    return raw.trim().toLowerCase();
  }

  override toString(): string {
    return this.props.value;
  }
}
