import type { DomainEvent } from "@ecommerce/domain-kernel";
import type { PostalAddress } from "./postal-address.ts";
import type { Preferences } from "./preferences.ts";

abstract class CustomerEvent implements DomainEvent {
  abstract readonly name: string;
  readonly occurredAt = new Date();
  constructor(readonly aggregateId: string) {}
}

export class CustomerRegistered extends CustomerEvent {
  readonly name = "CustomerRegistered";
  constructor(
    customerId: string,
    readonly customerName: string,
    readonly defaultShippingAddress: PostalAddress | null,
  ) {
    super(customerId);
  }
}

export class CustomerRenamed extends CustomerEvent {
  readonly name = "CustomerRenamed";
  constructor(
    customerId: string,
    readonly customerName: string,
  ) {
    super(customerId);
  }
}

export class CustomerPreferencesChanged extends CustomerEvent {
  readonly name = "CustomerPreferencesChanged";
  constructor(
    customerId: string,
    readonly preferences: Preferences,
  ) {
    super(customerId);
  }
}

export class CustomerAddressAdded extends CustomerEvent {
  readonly name = "CustomerAddressAdded";
  constructor(
    customerId: string,
    readonly addressId: string,
    readonly address: PostalAddress,
  ) {
    super(customerId);
  }
}

export class CustomerAddressRemoved extends CustomerEvent {
  readonly name = "CustomerAddressRemoved";
  constructor(
    customerId: string,
    readonly addressId: string,
  ) {
    super(customerId);
  }
}

/** The address orders ship to by default changed; null when the customer has none any more. */
export class DefaultShippingAddressChanged extends CustomerEvent {
  readonly name = "DefaultShippingAddressChanged";
  constructor(
    customerId: string,
    readonly addressId: string | null,
    readonly address: PostalAddress | null,
  ) {
    super(customerId);
  }
}

export class CustomerDeactivated extends CustomerEvent {
  readonly name = "CustomerDeactivated";
}

export type CustomerDomainEvent =
  | CustomerRegistered
  | CustomerRenamed
  | CustomerPreferencesChanged
  | CustomerAddressAdded
  | CustomerAddressRemoved
  | DefaultShippingAddressChanged
  | CustomerDeactivated;
