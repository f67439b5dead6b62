import type { ShipmentStatus } from "../../domain/shipment-status.ts";

/** The shipment as clients read it: the read model stores exactly this. */
export interface ShipmentDocument {
  id: string;
  orderId: string;
  status: ShipmentStatus;
  lines: { productId: string; quantity: number }[];
  address: {
    recipient: string;
    line1: string;
    line2?: string | null | undefined;
    city: string;
    postalCode: string;
    country: string;
  };
  carrier: string | null;
  trackingNumber: string | null;
  /** The tracking view: every step with its time, oldest first. */
  history: { status: ShipmentStatus; at: string }[];
  version: number;
}

export interface ShipmentPage {
  items: ShipmentDocument[];
  nextCursor: string | null;
}

export interface ShipmentReadModel {
  get(id: string): Promise<ShipmentDocument | undefined>;
  byTracking(trackingNumber: string): Promise<ShipmentDocument | undefined>;
  list(filter: { orderId: string }, page: { after?: string; limit: number }): Promise<ShipmentPage>;
}
