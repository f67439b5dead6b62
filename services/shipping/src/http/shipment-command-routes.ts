import {
  commandResponses,
  etagOf,
  type Mediator,
  Roles,
  requires,
  type ServiceApp,
} from "@ecommerce/service-kit";
import { DeliverShipment } from "../application/commands/deliver-shipment.ts";
import { DispatchShipment } from "../application/commands/dispatch-shipment.ts";
import { GetShipment } from "../application/queries/get-shipment.ts";
import { CommandHeaders, DispatchRequest, Problem, ShipmentIdParams, ShipmentResponse } from "./schemas.ts";

const errors = { 400: Problem, 404: Problem, 409: Problem, 412: Problem, 422: Problem };

/**
 * Commands of the warehouse and the carrier. Shipments themselves are created only by OrderPaid;
 * each command answers with the shipment as it now stands, and its ETag.
 */
export async function shipmentCommandRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  const shipments = commandResponses({
    read: (shipmentId) => mediator.ask(new GetShipment(shipmentId)),
    etag: (shipment) => etagOf(shipment.version),
  });

  app.post(
    "/shipments/:id/dispatch",
    {
      config: { auth: requires(Roles.SHIPPING_WRITE) },
      schema: {
        summary: "The parcel left with a carrier (a pending shipment only): ShipmentDispatched",
        tags: ["shipments"],
        params: ShipmentIdParams,
        headers: CommandHeaders,
        body: DispatchRequest,
        response: { 200: ShipmentResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { carrier, trackingNumber } = request.body;
      return shipments.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new DispatchShipment(request.params.id, carrier, trackingNumber, expected)),
      );
    },
  );

  app.post(
    "/shipments/:id/deliver",
    {
      config: { auth: requires(Roles.SHIPPING_WRITE) },
      schema: {
        summary: "The carrier confirmed delivery (a dispatched shipment only): ShipmentDelivered",
        tags: ["shipments"],
        params: ShipmentIdParams,
        headers: CommandHeaders,
        response: { 200: ShipmentResponse, ...errors },
      },
    },
    async (request, reply) =>
      shipments.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new DeliverShipment(request.params.id, expected)),
      ),
  );
}
