import type { AddressDto, CustomerDto } from "../application/queries/customer-dto.ts";
import type { Customer } from "../domain/customer.ts";

/** The read model's document for a customer, exactly what GET /customers/{id} answers. */
export function toCustomerDocument(customer: Customer, version: number): CustomerDto {
  const doc: CustomerDto = {
    id: customer.id,
    email: customer.email.value,
    name: customer.name,
    status: customer.status,
    addresses: customer.addresses.map(
      (a): AddressDto => ({
        id: a.id,
        line1: a.address.line1,
        ...(a.address.line2 !== null ? { line2: a.address.line2 } : {}),
        city: a.address.city,
        postalCode: a.address.postalCode,
        country: a.address.country,
        default: a.id === customer.defaultShippingAddressId,
      }),
    ),
    preferences: customer.preferences.toJSON(),
    registeredAt: customer.registeredAt.toISOString(),
    version,
  };
  if (customer.deactivatedAt !== null) doc.deactivatedAt = customer.deactivatedAt.toISOString();
  return doc;
}
