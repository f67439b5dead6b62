import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { ShipmentRepository } from "../ports.ts";
import { loadShipment } from "./load-shipment.ts";

/** The carrier confirmed delivery: the order is Delivered. */
export class DeliverShipment extends Command {
  static readonly schema = Type.Object({ shipmentId: Uuid }, { additionalProperties: false });

  constructor(
    readonly shipmentId: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class DeliverShipmentHandler implements MessageHandler<DeliverShipment> {
  constructor(private readonly shipments: ShipmentRepository) {}

  async handle(command: DeliverShipment, context: MessageContext): Promise<void> {
    const shipment = await loadShipment(this.shipments, command.shipmentId, command);
    shipment.deliver();
    await this.shipments.save(shipment, context);
  }
}
