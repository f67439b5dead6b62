import {
  commandResponses,
  customerScope,
  ensureActsFor,
  ensureOwnedBy,
  etagOf,
  type Mediator,
  ownerOr,
  Roles,
  type ServiceApp,
} from "@ecommerce/service-kit";
import { AddOrderLine } from "../application/commands/add-order-line.ts";
import { CancelOrder } from "../application/commands/cancel-order.ts";
import { ConfirmOrder } from "../application/commands/confirm-order.ts";
import { PlaceOrder } from "../application/commands/place-order.ts";
import { GetOrder, orderNotFound } from "../application/queries/get-order.ts";
import {
  CancelOrderRequest,
  IfMatchHeaders,
  LineRequest,
  OrderIdParams,
  OrderResponse,
  PlaceOrderHeaders,
  PlaceOrderRequest,
  Problem,
} from "./schemas.ts";

export interface OrderCommandRoutesOptions {
  mediator: Mediator;
}

const errors = { 400: Problem, 404: Problem, 409: Problem, 412: Problem, 422: Problem };

/** Commands: POSTs named by intent. Each answers with the order as it now stands, and its ETag. */
export async function orderCommandRoutes(app: ServiceApp, { mediator }: OrderCommandRoutesOptions) {
  const orders = commandResponses({
    read: (orderId) => mediator.ask(new GetOrder(orderId)),
    etag: (order) => etagOf(order.version),
  });

  // A customer acts only on their own orders: another's answers exactly as a missing one (404).
  app.addHook("preHandler", async (request) => {
    const { id } = request.params as { id?: string };
    if (id === undefined || customerScope(request) === undefined) return;
    const order = await mediator.ask(new GetOrder(id));
    ensureOwnedBy(request, order.customerId, () => orderNotFound(id));
  });

  app.post(
    "/orders",
    {
      config: { auth: ownerOr(Roles.ORDERS_WRITE) },
      schema: {
        summary: "Place an order (Pending); lines may be empty and added later",
        tags: ["orders"],
        headers: PlaceOrderHeaders,
        body: PlaceOrderRequest,
        response: { 201: OrderResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { customerId, lines, shippingAddress, paymentMethod } = request.body;
      ensureActsFor(request, customerId);
      return orders.created(
        reply,
        () => mediator.send(new PlaceOrder(customerId, lines, shippingAddress, paymentMethod)),
        (id) => `/orders/${id}`,
      );
    },
  );

  app.post(
    "/orders/:id/lines",
    {
      config: { auth: ownerOr(Roles.ORDERS_WRITE) },
      schema: {
        summary: "Add a line to a Pending order (the same product again adds units)",
        tags: ["orders"],
        params: OrderIdParams,
        headers: IfMatchHeaders,
        body: LineRequest,
        response: { 200: OrderResponse, ...errors },
      },
    },
    async (request, reply) =>
      orders.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new AddOrderLine(request.params.id, request.body, expected)),
      ),
  );

  app.post(
    "/orders/:id/confirm",
    {
      config: { auth: ownerOr(Roles.ORDERS_WRITE) },
      schema: {
        summary: "Confirm a Pending order that has lines",
        tags: ["orders"],
        params: OrderIdParams,
        headers: IfMatchHeaders,
        response: { 200: OrderResponse, ...errors },
      },
    },
    async (request, reply) =>
      orders.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new ConfirmOrder(request.params.id, expected)),
      ),
  );

  app.post(
    "/orders/:id/cancel",
    {
      config: { auth: ownerOr(Roles.ORDERS_WRITE) },
      schema: {
        summary: "Cancel an order that has not been shipped (Pending to Paid)",
        tags: ["orders"],
        params: OrderIdParams,
        headers: IfMatchHeaders,
        body: CancelOrderRequest,
        response: { 200: OrderResponse, ...errors },
      },
    },
    async (request, reply) =>
      orders.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new CancelOrder(request.params.id, request.body.reason, expected)),
      ),
  );
}
