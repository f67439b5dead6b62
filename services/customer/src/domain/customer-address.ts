import type { PostalAddress } from "./postal-address.ts";

/** One of a customer's saved addresses: an identity (so it can be chosen or removed) and where it is. */
export class CustomerAddress {
  constructor(
    readonly id: string,
    readonly address: PostalAddress,
  ) {}
}
