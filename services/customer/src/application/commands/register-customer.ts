import { newId } from "@ecommerce/domain-kernel";
import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Customer } from "../../domain/customer.ts";
import { EmailAddress } from "../../domain/email-address.ts";
import type { PostalAddressInput } from "../../domain/postal-address.ts";
import { Preferences, type PreferencesProps } from "../../domain/preferences.ts";
import { Email, Name, PostalAddressInputSchema } from "../message-schemas.ts";
import type { CustomerRepository } from "../ports.ts";

export class RegisterCustomer extends Command<string> {
  static readonly schema = Type.Object(
    { email: Email(), name: Name, address: Type.Optional(PostalAddressInputSchema) },
    { additionalProperties: false },
  );

  constructor(
    readonly email: string,
    readonly name: string,
    readonly address: PostalAddressInput | undefined,
  ) {
    super();
  }
}

export class RegisterCustomerHandler implements MessageHandler<RegisterCustomer> {
  constructor(
    private readonly customers: CustomerRepository,
    /** What a new customer starts with: no marketing, the shop's currency and language. */
    private readonly defaultPreferences: PreferencesProps,
  ) {}

  async handle(command: RegisterCustomer, context: MessageContext): Promise<string> {
    const customer = Customer.register(
      newId(),
      EmailAddress.of(command.email),
      command.name,
      command.address ?? null,
      Preferences.of(this.defaultPreferences),
    );
    await this.customers.add(customer, context);
    return customer.id;
  }
}
