import { randomUUID } from "node:crypto";
import { CustomerRegistered, createEvent } from "@ecommerce/contracts";

/** `count` valid CustomerRegistered events (customer.ordering takes them), each of its own customer. */
export function customerEvents(count: number) {
  return Array.from({ length: count }, () =>
    createEvent(
      CustomerRegistered,
      { customerId: randomUUID(), name: "Ada Lovelace", defaultShippingAddress: null },
      { correlationId: randomUUID() },
    ),
  );
}
