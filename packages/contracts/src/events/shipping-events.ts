import Type from "typebox";
import { StockLineSchema, Uuid } from "../common-schemas.ts";
import { defineEvent } from "../event-type.ts";

export const ShipmentCreated = defineEvent({
  context: "shipping",
  name: "shipment-created",
  version: 1,
  subjectField: "shipmentId",
  description: "A paid order has a shipment being prepared, from its lines and address as paid.",
  schema: Type.Object({
    shipmentId: Uuid,
    orderId: Uuid,
    lines: Type.Array(StockLineSchema, { minItems: 1 }),
  }),
});

export const ShipmentDispatched = defineEvent({
  context: "shipping",
  name: "shipment-dispatched",
  version: 1,
  subjectField: "shipmentId",
  description: "The parcel left: catalog turns reservations into stock decrements.",
  schema: Type.Object({
    shipmentId: Uuid,
    orderId: Uuid,
    lines: Type.Array(StockLineSchema, { minItems: 1 }),
  }),
});

export const ShipmentDelivered = defineEvent({
  context: "shipping",
  name: "shipment-delivered",
  version: 1,
  subjectField: "shipmentId",
  description: "The carrier confirmed delivery.",
  schema: Type.Object({ shipmentId: Uuid, orderId: Uuid }),
});
