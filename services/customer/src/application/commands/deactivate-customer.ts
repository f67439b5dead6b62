import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { CustomerRepository } from "../ports.ts";
import { loadCustomer } from "./load-customer.ts";

export class DeactivateCustomer extends Command {
  static readonly schema = Type.Object({ customerId: Uuid }, { additionalProperties: false });

  constructor(
    readonly customerId: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class DeactivateCustomerHandler implements MessageHandler<DeactivateCustomer> {
  constructor(private readonly customers: CustomerRepository) {}

  async handle(command: DeactivateCustomer, context: MessageContext): Promise<void> {
    const customer = await loadCustomer(this.customers, command.customerId, command);
    customer.deactivate();
    await this.customers.save(customer, context);
  }
}
