import type { Money } from "@ecommerce/domain-kernel";
import type { Order } from "../domain/order.ts";
import type { ShippingAddress } from "../domain/shipping-address.ts";

export interface OrderRepository {
  get(id: string): Promise<Order | undefined>;
  add(order: Order): Promise<void>;
  /** Persists changes; fails with a concurrency conflict if someone saved a newer version first. */
  save(order: Order): Promise<void>;
}

/**
 * Tells catalog that a reservation it made has no order to serve (ordering does not have the order,
 * or has cancelled it), so that it releases the stock rather than keep it reserved for good.
 */
export interface ReservationRejections {
  reject(
    orderId: string,
    reason: "unknown-order" | "order-cancelled",
    rejectedEventId: string,
  ): Promise<void>;
}

export interface RequestedLine {
  productId: string;
  quantity: number;
}

/** What ordering knows of a customer, learned from the customer context's events. */
export interface BuyerView {
  customerId: string;
  name: string;
  active: boolean;
  defaultShippingAddress: ShippingAddress | null;
}

export interface BuyerDirectory {
  find(customerId: string): Promise<BuyerView | undefined>;
}

/** The price a product sells at now; refuses products it does not know or that are discontinued. */
export interface ProductPricing {
  priceOf(productId: string): Promise<Money>;
}

/**
 * Where a replicated change stands in its source's stream. `sequence` is the event's position in its
 * aggregate's stream (the publisher's aggregate version): a replica keeps the highest, so clock skew
 * between publishing instances cannot make a later change lose. Events of older publishers carry no
 * sequence; they are ordered by `asOf`, the event's time.
 */
export interface ReplicaVersion {
  asOf: Date;
  sequence?: number | undefined;
}

/** Keeps the buyer replica; a change older than what a row reflects (see ReplicaVersion) changes nothing. */
export interface BuyerReplica {
  register(buyer: BuyerView, version: ReplicaVersion): Promise<void>;
  rename(customerId: string, name: string, version: ReplicaVersion): Promise<void>;
  changeDefaultAddress(
    customerId: string,
    address: ShippingAddress | null,
    version: ReplicaVersion,
  ): Promise<void>;
  deactivate(customerId: string, version: ReplicaVersion): Promise<void>;
}

export interface ReplicatedProduct {
  productId: string;
  sku: string;
  name: string;
  price: Money;
}

export interface ProductReplica {
  add(product: ReplicatedProduct, version: ReplicaVersion): Promise<void>;
  changePrice(productId: string, price: Money, version: ReplicaVersion): Promise<void>;
  discontinue(productId: string, version: ReplicaVersion): Promise<void>;
}
