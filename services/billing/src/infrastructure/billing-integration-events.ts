import { PaymentFailed, PaymentRefunded, PaymentSucceeded } from "@ecommerce/contracts";
import {
  type IntegrationEvent,
  type IntegrationEventTranslator,
  integrationEvent,
} from "@ecommerce/messaging";
import { PaymentCaptured, PaymentDeclined, PaymentRefunded as Refunded } from "../domain/events.ts";
import type { Invoice } from "../domain/invoice.ts";

/**
 * Billing's published language: a capture, a refusal and a refund. Issuing and voiding an invoice
 * stay inside billing: no other context acts on them.
 */
export const billingIntegrationEvents: IntegrationEventTranslator<Invoice> = {
  translate(invoice) {
    return invoice.domainEvents.flatMap((event): IntegrationEvent[] => {
      const ids = { orderId: invoice.orderId, invoiceId: invoice.id };
      if (event instanceof PaymentCaptured)
        return [
          integrationEvent(PaymentSucceeded, { ...ids, amount: event.amount.toJSON() }, event.occurredAt),
        ];
      if (event instanceof PaymentDeclined)
        return [integrationEvent(PaymentFailed, { ...ids, reason: event.reason }, event.occurredAt)];
      if (event instanceof Refunded)
        return [
          integrationEvent(PaymentRefunded, { ...ids, amount: event.amount.toJSON() }, event.occurredAt),
        ];
      return [];
    });
  },
};
