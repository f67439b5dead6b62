import {
  CustomerAddressChanged,
  CustomerDeactivated,
  CustomerProfileUpdated,
  CustomerRegistered,
} from "@ecommerce/contracts";
import type { IntegrationEventHandlers } from "@ecommerce/messaging";
import type { BuyerReplica } from "../ports.ts";
import { replicaVersionOf } from "./replica-version.ts";

/** Keeps the buyer replica in step with the customer context. */
export function onCustomerEvents(buyers: BuyerReplica) {
  return {
    [CustomerRegistered.type]: async (event) => {
      const { customerId, name, defaultShippingAddress } = event.data;
      const buyer = { customerId, name, active: true, defaultShippingAddress };
      await buyers.register(buyer, replicaVersionOf(event));
    },
    [CustomerProfileUpdated.type]: async (event) => {
      await buyers.rename(event.data.customerId, event.data.name, replicaVersionOf(event));
    },
    [CustomerAddressChanged.type]: async (event) => {
      const { customerId, defaultShippingAddress } = event.data;
      await buyers.changeDefaultAddress(customerId, defaultShippingAddress, replicaVersionOf(event));
    },
    [CustomerDeactivated.type]: async (event) => {
      await buyers.deactivate(event.data.customerId, replicaVersionOf(event));
    },
  } satisfies IntegrationEventHandlers;
}
