import type { Page } from "@ecommerce/service-kit";
import type { CustomerStatus } from "../../domain/customer-status.ts";

export interface AddressDto {
  id: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
  /** The default shipping address (at most one per customer). */
  default: boolean;
}

/** The customer as clients see it. */
export interface CustomerDto {
  id: string;
  email: string;
  name: string;
  status: CustomerStatus;
  addresses: AddressDto[];
  preferences: { marketingConsent: boolean; currency: string; language: string };
  registeredAt: string;
  deactivatedAt?: string;
  version: number;
}

/** The read side: denormalised documents, no aggregate is loaded to answer a query. */
export interface CustomerReadModel {
  get(id: string): Promise<CustomerDto | undefined>;
  /** By the normalised (lower-case) email. */
  findByEmail(normalizedEmail: string): Promise<CustomerDto | undefined>;
  /** Every customer, newest first. */
  list(cursor: string | undefined, limit: number): Promise<Page<CustomerDto>>;
}
