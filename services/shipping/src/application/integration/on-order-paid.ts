import type { OrderPaid } from "@ecommerce/contracts";
import { DomainError } from "@ecommerce/domain-kernel";
import type { IntegrationEventHandler } from "@ecommerce/messaging";
import type { Mediator } from "@ecommerce/service-kit";
import { ShippingErrors } from "../../domain/errors.ts";
import { CreateShipment } from "../commands/create-shipment.ts";

/**
 * Billing captured the payment: the order gets its shipment, from the lines and the address as they
 * were paid for. A paid order without an address cannot be shipped and no retry will give it one:
 * the refusal dead-letters the event with its code, for people to sort out.
 */
export function onOrderPaid(mediator: Mediator): IntegrationEventHandler<typeof OrderPaid.type> {
  return async (event) => {
    const { orderId, customerId, lines, shippingAddress } = event.data;
    if (shippingAddress === null)
      throw new DomainError(
        ShippingErrors.ADDRESS_MISSING,
        `order ${orderId} was paid without a shipping address: there is nowhere to send it`,
      );
    await mediator.send(
      new CreateShipment(
        orderId,
        customerId,
        lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
        shippingAddress,
      ),
    );
  };
}
