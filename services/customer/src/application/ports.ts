import type { MessageContext } from "@ecommerce/service-kit";
import type { Customer } from "../domain/customer.ts";

export interface CustomerRepository {
  get(id: string): Promise<Customer | undefined>;
  /**
   * Stores a new customer with its integration events. Fails with `customer.email_taken` (409) when
   * another customer has the same email in any case, even one registering at this very moment.
   */
  add(customer: Customer, context: MessageContext): Promise<void>;
  /** Persists changes; fails with a concurrency conflict if someone saved a newer version first. */
  save(customer: Customer, context: MessageContext): Promise<void>;
}
