import { DomainError } from "@ecommerce/domain-kernel";
import { assertExpectedVersion, type Command } from "@ecommerce/service-kit";
import type { Customer } from "../../domain/customer.ts";
import { CustomerErrors } from "../../domain/errors.ts";
import type { CustomerRepository } from "../ports.ts";

/** Loads the customer a command acts on: 404 if it does not exist, 412 if the client's version is stale. */
export async function loadCustomer(
  customers: CustomerRepository,
  customerId: string,
  command: Command<unknown>,
): Promise<Customer> {
  const customer = await customers.get(customerId);
  if (!customer) {
    throw new DomainError(
      CustomerErrors.CUSTOMER_NOT_FOUND,
      `customer ${customerId} does not exist`,
      "not-found",
    );
  }
  assertExpectedVersion(command, customer.version);
  return customer;
}
