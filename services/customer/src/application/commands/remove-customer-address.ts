import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { CustomerRepository } from "../ports.ts";
import { loadCustomer } from "./load-customer.ts";

export class RemoveCustomerAddress extends Command {
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

export class RemoveCustomerAddressHandler implements MessageHandler<RemoveCustomerAddress> {
  constructor(private readonly customers: CustomerRepository) {}

  async handle(command: RemoveCustomerAddress, context: MessageContext): Promise<void> {
    const customer = await loadCustomer(this.customers, command.customerId, command);
    customer.removeAddress(command.addressId);
    await this.customers.save(customer, context);
  }
}
