import { DomainError } from "@ecommerce/domain-kernel";
import { type Command, loadOrThrow } from "@ecommerce/service-kit";
import type { Customer } from "../../domain/customer.ts";
import { CustomerErrors } from "../../domain/errors.ts";
import type { CustomerRepository } from "../ports.ts";

function customerNotFound(customerId: string): DomainError {
  return new DomainError(
    CustomerErrors.CUSTOMER_NOT_FOUND,
    `customer ${customerId} does not exist`,
    "not-found",
  );
}

/** Loads the customer a command acts on: 404 if it does not exist, 412 if the client's version is stale. */
export function loadCustomer(
  customers: CustomerRepository,
  customerId: string,
  command: Command<unknown>,
): Promise<Customer> {
  return loadOrThrow((id) => customers.get(id), customerId, command, customerNotFound);
}
