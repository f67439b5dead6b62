import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import type { PostalAddressInput } from "../../domain/postal-address.ts";
import { PostalAddressInputSchema, Uuid } from "../message-schemas.ts";
import type { CustomerRepository } from "../ports.ts";
import { loadCustomer } from "./load-customer.ts";

/** Answers the id of the address (an existing one when the customer already had it). */
export class AddCustomerAddress extends Command<string> {
  static readonly schema = Type.Object(
    { customerId: Uuid, address: PostalAddressInputSchema, makeDefault: Type.Boolean() },
    { additionalProperties: false },
  );

  constructor(
    readonly customerId: string,
    readonly address: PostalAddressInput,
    readonly makeDefault: boolean,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }

  /** The customer, whose aggregate the address joins (the answer is the address's id). */
  override auditTarget(): string {
    return this.customerId;
  }
}

export class AddCustomerAddressHandler implements MessageHandler<AddCustomerAddress> {
  constructor(private readonly customers: CustomerRepository) {}

  async handle(command: AddCustomerAddress, context: MessageContext): Promise<string> {
    const customer = await loadCustomer(this.customers, command.customerId, command);
    const addressId = customer.addAddress(command.address, command.makeDefault);
    if (customer.domainEvents.length > 0) await this.customers.save(customer, context);
    return addressId;
  }
}
