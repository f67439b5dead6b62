/**
 * Shipping's error codes. Stable: clients, dead-letter reasons and tests rely on them; the messages
 * beside them are for people and may change.
 */
export const ShippingErrors = {
  /** A shipment needs at least one line, each with a positive quantity. */
  invalidLines: "shipping.invalid_lines",
  /** The carrier or tracking number is empty, too long or holds control characters. */
  invalidTracking: "shipping.invalid_tracking",
  /** Dispatch needs a shipment that is still being prepared. */
  notPending: "shipping.shipment_not_pending",
  /** Delivery needs a dispatched shipment. */
  notDispatched: "shipping.shipment_not_dispatched",
  /** The parcel has left: the shipment can no longer be cancelled. */
  alreadyDispatched: "shipping.shipment_already_dispatched",
  /** The order already has its shipment (one per paid order). */
  shipmentExists: "shipping.shipment_exists",
  /** No shipment with that id (or not visible to the caller). */
  shipmentNotFound: "shipping.shipment_not_found",
} as const;

export type ShippingErrorCode = (typeof ShippingErrors)[keyof typeof ShippingErrors];
