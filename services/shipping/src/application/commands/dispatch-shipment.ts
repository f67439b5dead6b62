import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Carrier, TrackingNumber, Uuid } from "../message-schemas.ts";
import type { ShipmentRepository } from "../ports.ts";
import { loadShipment } from "./load-shipment.ts";

/** The parcel left with a carrier: catalog commits the stock, ordering moves the order to Shipped. */
export class DispatchShipment extends Command {
  static readonly schema = Type.Object(
    { shipmentId: Uuid, carrier: Carrier, trackingNumber: TrackingNumber },
    { additionalProperties: false },
  );

  constructor(
    readonly shipmentId: string,
    readonly carrier: string,
    readonly trackingNumber: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class DispatchShipmentHandler implements MessageHandler<DispatchShipment> {
  constructor(private readonly shipments: ShipmentRepository) {}

  async handle(command: DispatchShipment, context: MessageContext): Promise<void> {
    const shipment = await loadShipment(this.shipments, command.shipmentId, command);
    shipment.dispatch(command.carrier, command.trackingNumber);
    await this.shipments.save(shipment, context);
  }
}
