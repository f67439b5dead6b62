import { OrderAwaitingPayment, OrderCancelled } from "@ecommerce/contracts";
import { DomainError } from "@ecommerce/domain-kernel";
import type { IntegrationEventHandlers } from "@ecommerce/messaging";
import type { Mediator } from "@ecommerce/service-kit";
import { BillingErrors } from "../../domain/errors.ts";
import { CancelInvoiceForOrder } from "../commands/cancel-invoice.ts";
import { IssueInvoice } from "../commands/issue-invoice.ts";

/** The payment method of an order placed without one: the simulated provider's success token. */
export const DEFAULT_PAYMENT_TOKEN = "tok_ok";
/** ISO 3166's user-assigned "unknown": an order without a shipping address is taxed at the `*` rate. */
export const UNKNOWN_COUNTRY = "ZZ";

/**
 * What billing does with ordering's events. Both run in the event's transaction (with its inbox
 * row); the call to the payment provider comes after the commit (`settleAfterCommit`), never inside
 * a transaction, and the sweeper picks it up if this process dies first.
 */
export function onOrderEvents(
  mediator: Mediator,
  settleAfterCommit: (invoiceId: string) => void,
): IntegrationEventHandlers {
  return {
    [OrderAwaitingPayment.type]: async (event) => {
      const { orderId, customerId, lines, shippingAddress, paymentMethod } = event.data;
      if (!lines)
        throw new DomainError(
          BillingErrors.ORDER_DETAILS_MISSING,
          `OrderAwaitingPayment for order ${orderId} carries no lines: it cannot be invoiced`,
        );
      const { invoiceId } = await mediator.send(
        new IssueInvoice(
          orderId,
          customerId,
          lines,
          shippingAddress?.country ?? UNKNOWN_COUNTRY,
          paymentMethod?.token ?? DEFAULT_PAYMENT_TOKEN,
        ),
      );
      settleAfterCommit(invoiceId);
    },
    [OrderCancelled.type]: async (event) => {
      const { invoiceId, outcome } = await mediator.send(new CancelInvoiceForOrder(event.data.orderId));
      if (invoiceId && outcome === "refund-needed") settleAfterCommit(invoiceId);
    },
  };
}
