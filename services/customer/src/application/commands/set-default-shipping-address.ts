import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { CustomerRepository } from "../ports.ts";
import { loadCustomer } from "./load-customer.ts";

export class SetDefaultShippingAddress extends Command {
  static readonly schema = Type.Object(
    { customerId: Uuid, addressId: Uuid },
    { additionalProperties: false },
  );

  constructor(
    readonly customerId: string,
    readonly addressId: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class SetDefaultShippingAddressHandler implements MessageHandler<SetDefaultShippingAddress> {
  constructor(private readonly customers: CustomerRepository) {}

  async handle(command: SetDefaultShippingAddress, context: MessageContext): Promise<void> {
    const customer = await loadCustomer(this.customers, command.customerId, command);
    customer.setDefaultShippingAddress(command.addressId);
    if (customer.domainEvents.length > 0) await this.customers.save(customer, context);
  }
}
