import type { Money, MoneyJson } from "@ecommerce/domain-kernel";
import type { Order } from "../domain/order.ts";

export interface OrderRepository {
  get(id: string): Promise<Order | undefined>;
  add(order: Order): Promise<void>;
  /** Persists changes; fails with a concurrency conflict if someone saved a newer version first. */
  save(order: Order): Promise<void>;
}

export interface RequestedLine {
  productId: string;
  quantity: number;
  /** Only while prices arrive with the request; the catalog replica will price lines instead. */
  unitPrice?: MoneyJson | undefined;
}

/** Where the price of a product on a new line comes from. */
export interface ProductPricing {
  priceOf(line: RequestedLine, currency: string): Promise<Money>;
}
