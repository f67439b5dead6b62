import { subscriptionNamed } from "@ecommerce/contracts";
import { type ConsumerSet, consume, consumerSet } from "@ecommerce/messaging";
import { eventPipeline, type Mediator } from "@ecommerce/service-kit";
import { onOrderEvents } from "../application/integration/on-order-events.ts";
import type { BillingUnitOfWork } from "./database.ts";

/** Billing's consumers, one per subscription the topology declares for it. */
export function billingEventHandler(
  mediator: Mediator,
  uow: BillingUnitOfWork,
  settle: (invoiceId: string) => void,
): ConsumerSet {
  const settleAfterCommit = (invoiceId: string) => uow.afterCommit(() => settle(invoiceId));
  return consumerSet([
    consume(
      subscriptionNamed("ordering.billing").name,
      onOrderEvents(mediator, settleAfterCommit),
      eventPipeline(mediator, uow),
    ),
  ]);
}
