import type { MoneyJson } from "@ecommerce/domain-kernel";
import type { Page } from "@ecommerce/service-kit";
import type { StatusTrigger } from "../../domain/order-history.ts";
import type { CancellationCause, OrderStatus } from "../../domain/order-status.ts";
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
  /** Every status change, oldest first. */
  history: StatusChangeDto[];
  version: number;
}

/** One status change: when, why (a cancellation's cause) and what caused it (a command or an event). */
export interface StatusChangeDto {
  status: OrderStatus;
  at: string;
  cause?: CancellationCause;
  causedBy?: StatusTrigger;
}

/** Which orders a list holds: one customer's, or all (the back office); by status; placed in [from, to). */
export interface OrderFilter {
  customerId?: string | undefined;
  status?: OrderStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** The read side: denormalised documents, no aggregate is loaded to answer a query. */
export interface OrderReadModel {
  get(id: string): Promise<OrderDto | undefined>;
  list(filter: OrderFilter, cursor: string | undefined, limit: number): Promise<Page<OrderDto>>;
}
