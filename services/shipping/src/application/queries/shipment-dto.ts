import type { Page } from "@ecommerce/service-kit";
import type { ShipmentStatus } from "../../domain/shipment-status.ts";

/** The shipment as clients read it: the read model stores exactly this. */
export interface ShipmentDocument {
  id: string;
  orderId: string;
  /** Whose parcel it is; null for shipments made before shipping recorded it (staff only). */
  customerId: string | null;
  status: ShipmentStatus;
  lines: { productId: string; quantity: number }[];
  address: {
    recipient: string;
    line1: string;
    line2?: string | null | undefined;
    city: string;
    postalCode: string;
    region?: string | null | undefined;
    country: string;
  };
  carrier: string | null;
  trackingNumber: string | null;
  /** The tracking view: every step with its time, oldest first. */
  history: { status: ShipmentStatus; at: string }[];
  version: number;
}

export type ShipmentPage = Page<ShipmentDocument>;

export interface ShipmentReadModel {
  get(id: string): Promise<ShipmentDocument | undefined>;
  byTracking(trackingNumber: string): Promise<ShipmentDocument | undefined>;
  list(
    filter: { orderId: string; customerId?: string | undefined },
    page: { cursor?: string; limit: number },
  ): Promise<ShipmentPage>;
}
