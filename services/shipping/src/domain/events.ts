import type { DomainEvent } from "@ecommerce/domain-kernel";
import type { ShipmentLine } from "./shipment-line.ts";

abstract class ShipmentEvent implements DomainEvent {
  abstract readonly name: string;
  readonly occurredAt = new Date();
  constructor(
    readonly aggregateId: string,
    readonly orderId: string,
  ) {}
}

export class ShipmentCreated extends ShipmentEvent {
  readonly name = "ShipmentCreated";
  constructor(
    shipmentId: string,
    orderId: string,
    readonly lines: readonly ShipmentLine[],
  ) {
    super(shipmentId, orderId);
  }
}

export class ShipmentDispatched extends ShipmentEvent {
  readonly name = "ShipmentDispatched";
  constructor(
    shipmentId: string,
    orderId: string,
    readonly lines: readonly ShipmentLine[],
    readonly carrier: string,
    readonly trackingNumber: string,
  ) {
    super(shipmentId, orderId);
  }
}

export class ShipmentDelivered extends ShipmentEvent {
  readonly name = "ShipmentDelivered";
}

export class ShipmentCancelled extends ShipmentEvent {
  readonly name = "ShipmentCancelled";
}
