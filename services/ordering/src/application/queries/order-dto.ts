import type { MoneyJson } from "@ecommerce/domain-kernel";
import type { Page } from "@ecommerce/service-kit";
import type { OrderStatus } from "../../domain/order-status.ts";
import type { ShippingAddress } from "../../domain/shipping-address.ts";

/** The order as clients see it (the seed's OrderDto). */
export interface OrderDto {
  id: string;
  customerId: string;
  orderDate: string;
  status: OrderStatus;
  total: MoneyJson;
  lines: { productId: string; quantity: number; unitPrice: MoneyJson; lineTotal: MoneyJson }[];
  cancellationReason?: string;
  shippingAddress: ShippingAddress | null;
  version: number;
}

/** The read side: denormalised documents, no aggregate is loaded to answer a query. */
export interface OrderReadModel {
  get(id: string): Promise<OrderDto | undefined>;
  listForCustomer(customerId: string, cursor: string | undefined, limit: number): Promise<Page<OrderDto>>;
}
