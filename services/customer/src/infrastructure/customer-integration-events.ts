import {
  type Address,
  CustomerAddressChanged,
  CustomerDeactivated,
  CustomerProfileUpdated,
  CustomerRegistered,
  createEvent,
  type EventEnvelope,
  type EventMetadata,
} from "@ecommerce/contracts";
import type { DomainEvent } from "@ecommerce/domain-kernel";
import type { MessageContext } from "@ecommerce/service-kit";
import type { Customer } from "../domain/customer.ts";
import type { CustomerAddress } from "../domain/customer-address.ts";

/**
 * What other contexts learn from a customer's save, in the published language. Personal data stays
 * here: events carry the id, the name and the default shipping address (what ordering needs to ship),
 * never the email, the other addresses or the preferences. So preference changes and non-default
 * addresses publish nothing.
 *
 * The contract's address has a `recipient`; a customer's address is addressed to the customer, so it
 * is their name, and a rename re-publishes the default shipping address with the new recipient.
 */
export function integrationEventsOf(
  customer: Customer,
  events: readonly DomainEvent[],
  context: MessageContext,
): EventEnvelope[] {
  const names = new Set(events.map((e) => e.name));
  const time = events.at(-1)?.occurredAt ?? new Date();
  const metadata: EventMetadata = {
    correlationId: context.correlationId,
    causationId: context.causationId,
    time,
  };
  const customerId = customer.id;
  const defaultShippingAddress = contractAddress(customer, customer.defaultShippingAddress);

  if (names.has("CustomerRegistered")) {
    // A registration is one fact: the customer as they are at the end of it.
    return [
      createEvent(CustomerRegistered, { customerId, name: customer.name, defaultShippingAddress }, metadata),
    ];
  }
  const out: EventEnvelope[] = [];
  const renamed = names.has("CustomerRenamed");
  if (renamed) {
    out.push(createEvent(CustomerProfileUpdated, { customerId, name: customer.name }, metadata));
  }
  if (names.has("DefaultShippingAddressChanged") || (renamed && defaultShippingAddress !== null)) {
    out.push(createEvent(CustomerAddressChanged, { customerId, defaultShippingAddress }, metadata));
  }
  if (names.has("CustomerDeactivated")) {
    out.push(createEvent(CustomerDeactivated, { customerId }, metadata));
  }
  return out;
}

function contractAddress(customer: Customer, saved: CustomerAddress | null): Address | null {
  if (!saved) return null;
  const a = saved.address;
  return {
    recipient: customer.name,
    line1: a.line1,
    line2: a.line2,
    postalCode: a.postalCode,
    city: a.city,
    country: a.country,
  };
}
