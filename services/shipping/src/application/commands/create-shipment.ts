import { newId } from "@ecommerce/domain-kernel";
import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { type AddressSnapshot, Shipment } from "../../domain/shipment.ts";
import type { ShipmentLine } from "../../domain/shipment-line.ts";
import { AddressSnapshotSchema, ShipmentLineSchema, Uuid } from "../message-schemas.ts";
import type { ShipmentRepository } from "../ports.ts";

/** A paid order gets its shipment: once, however often OrderPaid is delivered. */
export class CreateShipment extends Command<{ shipmentId: string; created: boolean }> {
  static readonly schema = Type.Object(
    {
      orderId: Uuid,
      customerId: Uuid,
      lines: Type.Array(ShipmentLineSchema, { minItems: 1, maxItems: 1000 }),
      address: AddressSnapshotSchema,
    },
    { additionalProperties: false },
  );

  constructor(
    readonly orderId: string,
    readonly customerId: string,
    readonly lines: readonly ShipmentLine[],
    readonly address: AddressSnapshot,
  ) {
    super();
  }
}

export class CreateShipmentHandler implements MessageHandler<CreateShipment> {
  constructor(private readonly shipments: ShipmentRepository) {}

  async handle(command: CreateShipment, context: MessageContext) {
    const existing = await this.shipments.byOrder(command.orderId);
    if (existing) return { shipmentId: existing.id, created: false };
    const shipment = Shipment.create(
      newId(),
      command.orderId,
      command.lines,
      command.address,
      new Date(),
      command.customerId,
    );
    await this.shipments.add(shipment, context);
    return { shipmentId: shipment.id, created: true };
  }
}
