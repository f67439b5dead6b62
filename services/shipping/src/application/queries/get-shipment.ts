import { DomainError } from "@ecommerce/domain-kernel";
import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { ShippingErrors } from "../../domain/errors.ts";
import { Uuid } from "../message-schemas.ts";
import type { ShipmentDocument, ShipmentReadModel } from "./shipment-dto.ts";

export class GetShipment extends Query<ShipmentDocument> {
  static readonly schema = Type.Object({ shipmentId: Uuid }, { additionalProperties: false });

  constructor(readonly shipmentId: string) {
    super();
  }
}

export class GetShipmentHandler implements MessageHandler<GetShipment> {
  constructor(private readonly readModel: ShipmentReadModel) {}

  async handle(query: GetShipment): Promise<ShipmentDocument> {
    const shipment = await this.readModel.get(query.shipmentId);
    if (!shipment) throw shipmentNotFound(query.shipmentId);
    return shipment;
  }
}

/** The one answer for a shipment that is not there, or not the asking customer's (its existence is not disclosed). */
export function shipmentNotFound(shipmentId: string): DomainError {
  return new DomainError(
    ShippingErrors.SHIPMENT_NOT_FOUND,
    `shipment ${shipmentId} does not exist`,
    "not-found",
  );
}
