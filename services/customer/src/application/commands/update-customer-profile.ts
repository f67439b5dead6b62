import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import type { ProfileChange } from "../../domain/customer.ts";
import { Name, preferencesChangeProperties, Uuid } from "../message-schemas.ts";
import type { CustomerRepository } from "../ports.ts";
import { loadCustomer } from "./load-customer.ts";

export class UpdateCustomerProfile extends Command {
  static readonly schema = Type.Object(
    {
      customerId: Uuid,
      // An empty change is a harmless no-op for the aggregate; only HTTP insists on at least one field.
      change: Type.Object(
        {
          name: Type.Optional(Name),
          preferences: Type.Optional(
            Type.Object(preferencesChangeProperties, { additionalProperties: false }),
          ),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

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
