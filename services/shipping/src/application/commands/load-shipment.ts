import { DomainError } from "@ecommerce/domain-kernel";
import { ShippingErrors } from "../../domain/errors.ts";
import type { Shipment } from "../../domain/shipment.ts";
import type { ShipmentRepository } from "../ports.ts";

export async function loadShipment(shipments: ShipmentRepository, id: string): Promise<Shipment> {
  const shipment = await shipments.get(id);
  if (!shipment)
    throw new DomainError(ShippingErrors.shipmentNotFound, `shipment ${id} does not exist`, "not-found");
  return shipment;
}
