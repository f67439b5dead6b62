import { DomainError } from "@ecommerce/domain-kernel";
import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { CustomerErrors } from "../../domain/errors.ts";
import { Uuid } from "../message-schemas.ts";
import type { CustomerDto, CustomerReadModel } from "./customer-dto.ts";

export class GetCustomer extends Query<CustomerDto> {
  static readonly schema = Type.Object({ customerId: Uuid }, { additionalProperties: false });

  constructor(readonly customerId: string) {
    super();
  }
}

export class GetCustomerHandler implements MessageHandler<GetCustomer> {
  constructor(private readonly readModel: CustomerReadModel) {}

  async handle(query: GetCustomer): Promise<CustomerDto> {
    const customer = await this.readModel.get(query.customerId);
    if (!customer) throw customerNotFound(query.customerId);
    return customer;
  }
}

/** The one answer for a customer that is not there, or not the asking customer (their existence is not disclosed). */
export function customerNotFound(customerId: string): DomainError {
  return new DomainError(
    CustomerErrors.CUSTOMER_NOT_FOUND,
    `customer ${customerId} does not exist`,
    "not-found",
  );
}
