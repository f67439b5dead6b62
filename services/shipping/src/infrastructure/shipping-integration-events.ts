import {
  ShipmentCreated as Created,
  ShipmentDelivered as Delivered,
  ShipmentDispatched as Dispatched,
} from "@ecommerce/contracts";
import {
  type IntegrationEvent,
  type IntegrationEventTranslator,
  integrationEvent,
} from "@ecommerce/messaging";
import { ShipmentCreated, ShipmentDelivered, ShipmentDispatched } from "../domain/events.ts";
import type { Shipment } from "../domain/shipment.ts";

/** Shipping's published language: created, dispatched (with its lines, for catalog), delivered. */
export const shippingIntegrationEvents: IntegrationEventTranslator<Shipment> = {
  translate(shipment) {
    return shipment.domainEvents.flatMap((event): IntegrationEvent[] => {
      const ids = { shipmentId: shipment.id, orderId: shipment.orderId };
      const lines = () =>
        shipment.snapshot.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
      if (event instanceof ShipmentCreated)
        return [integrationEvent(Created, { ...ids, lines: lines() }, event.occurredAt)];
      if (event instanceof ShipmentDispatched)
        return [integrationEvent(Dispatched, { ...ids, lines: lines() }, event.occurredAt)];
      if (event instanceof ShipmentDelivered) return [integrationEvent(Delivered, ids, event.occurredAt)];
      return [];
    });
  },
};
