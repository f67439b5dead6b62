/**
 * Shipping's error codes. Stable: clients, dead-letter reasons and tests rely on them; the messages
 * beside them are for people and may change.
 */
export const ShippingErrors = {
  /** A shipment needs at least one line, each with a positive quantity. */
  INVALID_LINES: "shipping.invalid_lines",
  /** The carrier or tracking number is empty, too long or holds control characters. */
  INVALID_TRACKING: "shipping.invalid_tracking",
  /** Dispatch needs a shipment that is still being prepared. */
  NOT_PENDING: "shipping.shipment_not_pending",
  /** Delivery needs a dispatched shipment. */
  NOT_DISPATCHED: "shipping.shipment_not_dispatched",
  /** The parcel has left: the shipment can no longer be cancelled. */
  ALREADY_DISPATCHED: "shipping.shipment_already_dispatched",
  /** The order already has its shipment (one per paid order). */
  SHIPMENT_EXISTS: "shipping.shipment_exists",
  /** The paid order has no shipping address: there is nowhere to send it (the event is dead-lettered). */
  ADDRESS_MISSING: "shipping.shipping_address_missing",
  /** No shipment with that id (or not visible to the caller). */
  SHIPMENT_NOT_FOUND: "shipping.shipment_not_found",
} as const;

export type ShippingErrorCode = (typeof ShippingErrors)[keyof typeof ShippingErrors];
