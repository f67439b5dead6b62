import { Currency, DomainError, ValueObject } from "@ecommerce/domain-kernel";
import { CustomerErrors } from "./errors.ts";

export const MAX_LANGUAGE_TAG_LENGTH = 35;

export interface PreferencesProps {
  /** Opt-in only: false until the customer says yes. */
  marketingConsent: boolean;
  /** ISO 4217, e.g. "EUR". */
  currency: string;
  /** A BCP 47 language tag in canonical form, e.g. "en", "de-DE". */
  language: string;
}

export type PreferencesChange = Partial<PreferencesProps>;

// language[-script][-region][-variant...]: what a shop can localise to; extensions and private use
// subtags are not accepted.
const LANGUAGE_TAG =
  /^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*$/;

/** What a customer chose for how the shop talks to them. */
export class Preferences extends ValueObject<PreferencesProps> {
  private constructor(props: PreferencesProps) {
    super(props);
  }

  static of(props: PreferencesProps): Preferences {
    if (typeof props.marketingConsent !== "boolean") {
      throw new DomainError(
        CustomerErrors.CUSTOMER_INVALID_PREFERENCES,
        "marketing consent must be true or false",
      );
    }
    if (!Currency.isKnown(props.currency)) {
      throw new DomainError(
        CustomerErrors.CUSTOMER_INVALID_CURRENCY,
        `"${String(props.currency).slice(0, 10)}" is not an ISO 4217 currency code (e.g. "EUR")`,
      );
    }
    return new Preferences({
      marketingConsent: props.marketingConsent,
      currency: props.currency,
      language: Preferences.canonicalLanguage(props.language),
    });
  }

  /** "de-de" → "de-DE"; anything that is not a BCP 47 language tag is refused. */
  static canonicalLanguage(tag: string): string {
    const invalid = () =>
      new DomainError(
        CustomerErrors.CUSTOMER_INVALID_LANGUAGE,
        `"${String(tag).slice(0, 40)}" is not a BCP 47 language tag (e.g. "en", "de-DE")`,
      );
    if (typeof tag !== "string" || tag.length > MAX_LANGUAGE_TAG_LENGTH || !LANGUAGE_TAG.test(tag)) {
      throw invalid();
    }
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (!canonical) throw invalid();
      return canonical;
    } catch {
      throw invalid();
    }
  }

  /** These preferences with `change` applied; unchanged fields are kept. */
  with(change: PreferencesChange): Preferences {
    return Preferences.of({ ...this.props, ...stripUndefined(change) });
  }

  get marketingConsent(): boolean {
    return this.props.marketingConsent;
  }

  get currency(): string {
    return this.props.currency;
  }

  get language(): string {
    return this.props.language;
  }

  toJSON(): PreferencesProps {
    return { ...this.props };
  }
}

function stripUndefined(change: PreferencesChange): PreferencesChange {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
}
