import { DomainError } from "@ecommerce/domain-kernel";
import { type Command, loadOrThrow } from "@ecommerce/service-kit";
import { ShippingErrors } from "../../domain/errors.ts";
import type { Shipment } from "../../domain/shipment.ts";
import type { ShipmentRepository } from "../ports.ts";

export function loadShipment(
  shipments: ShipmentRepository,
  id: string,
  command: Command<unknown>,
): Promise<Shipment> {
  return loadOrThrow(
    (i) => shipments.get(i),
    id,
    command,
    (i) => new DomainError(ShippingErrors.SHIPMENT_NOT_FOUND, `shipment ${i} does not exist`, "not-found"),
  );
}
