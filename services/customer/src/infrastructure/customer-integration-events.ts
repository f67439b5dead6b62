import {
  type Address,
  CustomerAddressChanged,
  CustomerDeactivated,
  CustomerProfileUpdated,
  CustomerRegistered,
} from "@ecommerce/contracts";
import {
  type IntegrationEvent,
  type IntegrationEventTranslator,
  integrationEvent,
} from "@ecommerce/messaging";
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
export const customerIntegrationEvents: IntegrationEventTranslator<Customer> = {
  translate(customer) {
    const events = customer.domainEvents;
    const names = new Set(events.map((e) => e.name));
    const time = events.at(-1)?.occurredAt ?? new Date();
    const customerId = customer.id;
    const defaultShippingAddress = contractAddress(customer, customer.defaultShippingAddress);

    if (names.has("CustomerRegistered")) {
      // A registration is one fact: the customer as they are at the end of it.
      const data = { customerId, name: customer.name, defaultShippingAddress };
      return [integrationEvent(CustomerRegistered, data, time)];
    }
    const out: IntegrationEvent[] = [];
    const renamed = names.has("CustomerRenamed");
    if (renamed) {
      out.push(integrationEvent(CustomerProfileUpdated, { customerId, name: customer.name }, time));
    }
    if (names.has("DefaultShippingAddressChanged") || (renamed && defaultShippingAddress !== null)) {
      out.push(integrationEvent(CustomerAddressChanged, { customerId, defaultShippingAddress }, time));
    }
    if (names.has("CustomerDeactivated")) {
      out.push(integrationEvent(CustomerDeactivated, { customerId }, time));
    }
    return out;
  },
};

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
