import type { ShipmentDocument } from "../application/queries/shipment-dto.ts";
import type { Shipment } from "../domain/shipment.ts";

export function toShipmentDocument(shipment: Shipment, version: number): ShipmentDocument {
  const s = shipment.snapshot;
  return {
    id: shipment.id,
    orderId: s.orderId,
    customerId: s.customerId,
    status: s.status,
    lines: s.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    address: { ...s.address },
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    history: s.history.map((h) => ({ status: h.status, at: h.at.toISOString() })),
    version,
  };
}
