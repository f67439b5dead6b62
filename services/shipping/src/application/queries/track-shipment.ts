import { DomainError } from "@ecommerce/domain-kernel";
import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { ShippingErrors } from "../../domain/errors.ts";
import { TrackingNumber } from "../message-schemas.ts";
import type { ShipmentDocument, ShipmentReadModel } from "./shipment-dto.ts";

/** The tracking view: where a parcel is, by the number the carrier gave it. */
export class TrackShipment extends Query<ShipmentDocument> {
  static readonly schema = Type.Object({ trackingNumber: TrackingNumber }, { additionalProperties: false });

  constructor(readonly trackingNumber: string) {
    super();
  }
}

export class TrackShipmentHandler implements MessageHandler<TrackShipment> {
  constructor(private readonly readModel: ShipmentReadModel) {}

  async handle(query: TrackShipment): Promise<ShipmentDocument> {
    const shipment = await this.readModel.byTracking(query.trackingNumber);
    if (!shipment) throw trackingNotFound();
    return shipment;
  }
}

/** The one answer for a tracking number that is unknown, or not the asking customer's. */
export function trackingNotFound(): DomainError {
  return new DomainError(
    ShippingErrors.SHIPMENT_NOT_FOUND,
    "no shipment has this tracking number",
    "not-found",
  );
}
