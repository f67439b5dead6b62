import type { MessageContext } from "@ecommerce/service-kit";
import type { Shipment } from "../domain/shipment.ts";

export interface ShipmentRepository {
  get(id: string): Promise<Shipment | undefined>;
  byOrder(orderId: string): Promise<Shipment | undefined>;
  /** Stores a new shipment with its events. Fails with a conflict if the order already has one. */
  add(shipment: Shipment, context: MessageContext): Promise<void>;
  /** Persists changes; fails with a concurrency conflict if someone saved a newer version first. */
  save(shipment: Shipment, context: MessageContext): Promise<void>;
}
