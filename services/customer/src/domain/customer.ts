import { AggregateRoot, boundedText, DomainError, newId } from "@ecommerce/domain-kernel";
import { CustomerAddress } from "./customer-address.ts";
import { CustomerStatus } from "./customer-status.ts";
import type { EmailAddress } from "./email-address.ts";
import { CustomerErrors } from "./errors.ts";
import {
  CustomerAddressAdded,
  CustomerAddressRemoved,
  CustomerDeactivated,
  CustomerPreferencesChanged,
  CustomerRegistered,
  CustomerRenamed,
  DefaultShippingAddressChanged,
} from "./events.ts";
import { PostalAddress, type PostalAddressInput } from "./postal-address.ts";
import type { Preferences, PreferencesChange } from "./preferences.ts";

export const MAX_NAME_LENGTH = 200;
export const MAX_ADDRESSES = 20;

export interface CustomerSnapshot {
  id: string;
  email: EmailAddress;
  name: string;
  status: CustomerStatus;
  preferences: Preferences;
  addresses: CustomerAddress[];
  defaultShippingAddressId: string | null;
  registeredAt: Date;
  deactivatedAt: Date | null;
}

export interface ProfileChange {
  name?: string | undefined;
  preferences?: PreferencesChange | undefined;
}

/**
 * A person who shops with us. Registered with a unique email (case does not matter), a name and
 * optionally a first address; keeps several addresses of which at most one is the default shipping
 * address (the first one added becomes it); has preferences; and once deactivated cannot change.
 */
export class Customer extends AggregateRoot {
  #email: EmailAddress;
  #name: string;
  #status: CustomerStatus;
  #preferences: Preferences;
  #addresses: CustomerAddress[];
  #defaultShippingAddressId: string | null;
  #registeredAt: Date;
  #deactivatedAt: Date | null;

  private constructor(snapshot: CustomerSnapshot, version: number) {
    super(snapshot.id, version);
    this.#email = snapshot.email;
    this.#name = snapshot.name;
    this.#status = snapshot.status;
    this.#preferences = snapshot.preferences;
    this.#addresses = [...snapshot.addresses];
    this.#defaultShippingAddressId = snapshot.defaultShippingAddressId;
    this.#registeredAt = snapshot.registeredAt;
    this.#deactivatedAt = snapshot.deactivatedAt;
  }

  /**
   * A new customer. Uniqueness of the email is not the aggregate's to check (it needs every other
   * customer): the repository enforces it with a unique index.
   */
  static register(
    id: string,
    email: EmailAddress,
    name: string,
    address: PostalAddressInput | null,
    preferences: Preferences,
    now = new Date(),
    addressId: string = newId(),
  ): Customer {
    const validName = Customer.validName(name);
    const first = address ? new CustomerAddress(addressId, PostalAddress.of(address)) : null;
    const customer = new Customer(
      {
        id,
        email,
        name: validName,
        status: CustomerStatus.Active,
        preferences,
        addresses: first ? [first] : [],
        defaultShippingAddressId: first?.id ?? null,
        registeredAt: now,
        deactivatedAt: null,
      },
      0,
    );
    customer.raise(new CustomerRegistered(id, validName, first?.address ?? null));
    return customer;
  }

  /** Rebuilds a customer from storage; raises nothing. */
  static restore(snapshot: CustomerSnapshot, version: number): Customer {
    return new Customer(snapshot, version);
  }

  private static validName(name: string): string {
    return boundedText(name, { max: MAX_NAME_LENGTH }, CustomerErrors.CUSTOMER_INVALID_NAME, "the name");
  }

  get email(): EmailAddress {
    return this.#email;
  }

  get name(): string {
    return this.#name;
  }

  get status(): CustomerStatus {
    return this.#status;
  }

  get isActive(): boolean {
    return this.#status === CustomerStatus.Active;
  }

  get preferences(): Preferences {
    return this.#preferences;
  }

  get addresses(): readonly CustomerAddress[] {
    return this.#addresses;
  }

  get defaultShippingAddressId(): string | null {
    return this.#defaultShippingAddressId;
  }

  get defaultShippingAddress(): CustomerAddress | null {
    return this.#addresses.find((a) => a.id === this.#defaultShippingAddressId) ?? null;
  }

  get registeredAt(): Date {
    return this.#registeredAt;
  }

  get deactivatedAt(): Date | null {
    return this.#deactivatedAt;
  }

  /**
   * Changes the name and/or preferences, all or nothing: every new value is validated before any is
   * applied. Values equal to the current ones change nothing and raise nothing.
   */
  updateProfile(change: ProfileChange): void {
    this.assertActive();
    const name = change.name === undefined ? this.#name : Customer.validName(change.name);
    const preferences = change.preferences ? this.#preferences.with(change.preferences) : this.#preferences;
    if (name !== this.#name) {
      this.#name = name;
      this.raise(new CustomerRenamed(this.id, name));
    }
    if (!preferences.equals(this.#preferences)) {
      this.#preferences = preferences;
      this.raise(new CustomerPreferencesChanged(this.id, preferences));
    }
  }

  /**
   * Saves an address and returns its id. The first address, or one added with `makeDefault`, becomes
   * the default shipping address. An address the customer already has is not saved twice: its id is
   * returned (and it becomes the default if asked).
   */
  addAddress(input: PostalAddressInput, makeDefault = false, id: string = newId()): string {
    this.assertActive();
    const address = PostalAddress.of(input);
    const existing = this.#addresses.find((a) => a.address.equals(address));
    if (existing) {
      if (makeDefault) this.#changeDefault(existing);
      return existing.id;
    }
    if (this.#addresses.length >= MAX_ADDRESSES) {
      throw new DomainError(
        CustomerErrors.CUSTOMER_TOO_MANY_ADDRESSES,
        `a customer keeps at most ${MAX_ADDRESSES} addresses`,
      );
    }
    const added = new CustomerAddress(id, address);
    this.#addresses.push(added);
    this.raise(new CustomerAddressAdded(this.id, id, address));
    if (makeDefault || this.#defaultShippingAddressId === null) this.#changeDefault(added);
    return id;
  }

  setDefaultShippingAddress(addressId: string): void {
    this.assertActive();
    this.#changeDefault(this.#address(addressId));
  }

  /** Forgets an address; if it was the default, the customer has no default until they choose one. */
  removeAddress(addressId: string): void {
    this.assertActive();
    const address = this.#address(addressId);
    this.#addresses = this.#addresses.filter((a) => a !== address);
    this.raise(new CustomerAddressRemoved(this.id, addressId));
    if (this.#defaultShippingAddressId === addressId) {
      this.#defaultShippingAddressId = null;
      this.raise(new DefaultShippingAddressChanged(this.id, null, null));
    }
  }

  deactivate(now = new Date()): void {
    this.assertActive();
    this.#status = CustomerStatus.Deactivated;
    this.#deactivatedAt = now;
    this.raise(new CustomerDeactivated(this.id));
  }

  private assertActive(): void {
    if (this.#status !== CustomerStatus.Active) {
      throw new DomainError(
        CustomerErrors.CUSTOMER_DEACTIVATED,
        `customer ${this.id} is deactivated and cannot be changed`,
        "illegal-state",
      );
    }
  }

  #address(addressId: string): CustomerAddress {
    const address = this.#addresses.find((a) => a.id === addressId);
    if (!address) {
      throw new DomainError(
        CustomerErrors.CUSTOMER_ADDRESS_NOT_FOUND,
        `customer ${this.id} has no address ${addressId}`,
        "not-found",
      );
    }
    return address;
  }

  #changeDefault(address: CustomerAddress): void {
    if (this.#defaultShippingAddressId === address.id) return;
    this.#defaultShippingAddressId = address.id;
    this.raise(new DefaultShippingAddressChanged(this.id, address.id, address.address));
  }
}
