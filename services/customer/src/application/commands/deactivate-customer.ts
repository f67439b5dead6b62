import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import type { CustomerRepository } from "../ports.ts";
import { loadCustomer } from "./load-customer.ts";

export class DeactivateCustomer extends Command {
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
