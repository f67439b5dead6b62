import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import type { ProfileChange } from "../../domain/customer.ts";
import type { CustomerRepository } from "../ports.ts";
import { loadCustomer } from "./load-customer.ts";

export class UpdateCustomerProfile extends Command {
  constructor(
    readonly customerId: string,
    readonly change: ProfileChange,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class UpdateCustomerProfileHandler implements MessageHandler<UpdateCustomerProfile> {
  constructor(private readonly customers: CustomerRepository) {}

  async handle(command: UpdateCustomerProfile, context: MessageContext): Promise<void> {
    const customer = await loadCustomer(this.customers, command.customerId, command);
    customer.updateProfile(command.change);
    // The same values again change nothing: no new version, no event.
    if (customer.domainEvents.length > 0) await this.customers.save(customer, context);
  }
}
