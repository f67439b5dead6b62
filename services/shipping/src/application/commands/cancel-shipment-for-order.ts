import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { ShipmentRepository } from "../ports.ts";

/**
 * The order was cancelled: a shipment still being prepared is cancelled. One that has left cannot
 * be: the aggregate refuses, and the event is dead-lettered with that reason for people to see.
 */
export class CancelShipmentForOrder extends Command<"cancelled" | "already-cancelled" | "no-shipment"> {
  static readonly schema = Type.Object({ orderId: Uuid }, { additionalProperties: false });

  constructor(readonly orderId: string) {
    super();
  }
}

export class CancelShipmentForOrderHandler implements MessageHandler<CancelShipmentForOrder> {
  constructor(private readonly shipments: ShipmentRepository) {}

  async handle(command: CancelShipmentForOrder, context: MessageContext) {
    const shipment = await this.shipments.byOrder(command.orderId);
    // Cancelled before it was paid: shipping never heard of it.
    if (!shipment) return "no-shipment" as const;
    if (!shipment.cancel()) return "already-cancelled" as const;
    await this.shipments.save(shipment, context);
    return "cancelled" as const;
  }
}
