import type { Money } from "@ecommerce/domain-kernel";
import type { Order } from "../domain/order.ts";
import type { ShippingAddress } from "../domain/shipping-address.ts";

export interface OrderRepository {
  get(id: string): Promise<Order | undefined>;
  add(order: Order): Promise<void>;
  /** Persists changes; fails with a concurrency conflict if someone saved a newer version first. */
  save(order: Order): Promise<void>;
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

/** Keeps the buyer replica; `asOf` (the event's time) makes a late, older event change nothing. */
export interface BuyerReplica {
  register(buyer: BuyerView, asOf: Date): Promise<void>;
  rename(customerId: string, name: string, asOf: Date): Promise<void>;
  changeDefaultAddress(customerId: string, address: ShippingAddress | null, asOf: Date): Promise<void>;
  deactivate(customerId: string, asOf: Date): Promise<void>;
}

export interface ReplicatedProduct {
  productId: string;
  sku: string;
  name: string;
  price: Money;
}

export interface ProductReplica {
  add(product: ReplicatedProduct, asOf: Date): Promise<void>;
  changePrice(productId: string, price: Money, asOf: Date): Promise<void>;
  discontinue(productId: string, asOf: Date): Promise<void>;
}

/** Records that a subscription handled an event, in the handling transaction. */
export interface Inbox {
  /** True the first time; false for a redelivery, which must then have no effect. */
  firstDelivery(subscription: string, eventId: string): Promise<boolean>;
}
