import {
  customerScope,
  ensureOwnedBy,
  etagOf,
  type Mediator,
  notModified,
  ownerOr,
  Roles,
  type ServiceApp,
} from "@ecommerce/service-kit";
import { GetShipment, shipmentNotFound } from "../application/queries/get-shipment.ts";
import { ListShipments } from "../application/queries/list-shipments.ts";
import { TrackShipment, trackingNotFound } from "../application/queries/track-shipment.ts";
import {
  ListShipmentsQuery,
  Problem,
  ShipmentIdParams,
  ShipmentPage,
  ShipmentResponse,
  TrackingParams,
} from "./schemas.ts";

/** Queries: GETs answered from the read model. */
export async function shipmentQueryRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  app.get(
    "/shipments/:id",
    {
      config: { auth: ownerOr(Roles.SHIPPING_READ) },
      schema: {
        summary: "Get a shipment, with its tracking steps",
        tags: ["shipments"],
        params: ShipmentIdParams,
        response: { 200: ShipmentResponse, 304: { type: "null" }, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const shipment = await mediator.ask(new GetShipment(request.params.id));
      ensureOwnedBy(request, shipment.customerId ?? "", () => shipmentNotFound(request.params.id));
      const etag = etagOf(shipment.version);
      reply.header("etag", etag);
      if (notModified(request.headers["if-none-match"], etag)) return reply.code(304).send(null);
      return shipment;
    },
  );

  app.get(
    "/shipments",
    {
      config: { auth: ownerOr(Roles.SHIPPING_READ) },
      schema: {
        summary: "An order's shipments, oldest first",
        tags: ["shipments"],
        querystring: ListShipmentsQuery,
        response: { 200: ShipmentPage, 400: Problem },
      },
    },
    async (request) => {
      const { orderId, cursor, limit } = request.query;
      return mediator.ask(new ListShipments(orderId, limit, cursor, customerScope(request)));
    },
  );

  app.get(
    "/shipments/tracking/:trackingNumber",
    {
      config: { auth: ownerOr(Roles.SHIPPING_READ) },
      schema: {
        summary: "The tracking view: the shipment a carrier's tracking number belongs to, and its steps",
        tags: ["shipments"],
        params: TrackingParams,
        response: { 200: ShipmentResponse, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const shipment = await mediator.ask(new TrackShipment(request.params.trackingNumber));
      ensureOwnedBy(request, shipment.customerId ?? "", trackingNotFound);
      return shipment;
    },
  );
}
