/** Pending (being prepared) → Dispatched → Delivered; Cancelled only while Pending. */
export const ShipmentStatus = {
  Pending: "Pending",
  Dispatched: "Dispatched",
  Delivered: "Delivered",
  Cancelled: "Cancelled",
} as const;
export type ShipmentStatus = (typeof ShipmentStatus)[keyof typeof ShipmentStatus];
