import {
  CustomerAddressChanged,
  CustomerDeactivated,
  CustomerProfileUpdated,
  CustomerRegistered,
  isEvent,
  type KnownEvent,
} from "@ecommerce/contracts";
import type { BuyerReplica } from "../ports.ts";
import type { IntegrationEventHandler } from "./handle-integration-event.ts";

/** Keeps the buyer replica in step with the customer context. */
export class OnCustomerEvents implements IntegrationEventHandler {
  readonly handles = [
    CustomerRegistered.type,
    CustomerProfileUpdated.type,
    CustomerAddressChanged.type,
    CustomerDeactivated.type,
  ];

  constructor(private readonly buyers: BuyerReplica) {}

  async handle(event: KnownEvent): Promise<void> {
    const asOf = new Date(event.time);
    if (isEvent(event, CustomerRegistered)) {
      const { customerId, name, defaultShippingAddress } = event.data;
      await this.buyers.register({ customerId, name, active: true, defaultShippingAddress }, asOf);
    } else if (isEvent(event, CustomerProfileUpdated)) {
      await this.buyers.rename(event.data.customerId, event.data.name, asOf);
    } else if (isEvent(event, CustomerAddressChanged)) {
      await this.buyers.changeDefaultAddress(event.data.customerId, event.data.defaultShippingAddress, asOf);
    } else if (isEvent(event, CustomerDeactivated)) {
      await this.buyers.deactivate(event.data.customerId, asOf);
    }
  }
}
