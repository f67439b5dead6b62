import {
  customerScope,
  ensureActsFor,
  ensureOwnedBy,
  etagOf,
  type Mediator,
  notModified,
  ownerOr,
  Roles,
  type ServiceApp,
} from "@ecommerce/service-kit";
import { GetOrder, orderNotFound } from "../application/queries/get-order.ts";
import { ListOrders } from "../application/queries/list-orders.ts";
import { ListOrdersQuery, OrderIdParams, OrderPage, OrderResponse, Problem } from "./schemas.ts";

/** Queries: GETs answered from the read model. A customer reads only their own orders. */
export async function orderQueryRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  app.get(
    "/orders/:id",
    {
      config: { auth: ownerOr(Roles.ORDERS_READ) },
      schema: {
        summary: "Get an order",
        tags: ["orders"],
        params: OrderIdParams,
        response: { 200: OrderResponse, 304: { type: "null" }, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const order = await mediator.ask(new GetOrder(request.params.id));
      ensureOwnedBy(request, order.customerId, () => orderNotFound(request.params.id));
      const etag = etagOf(order.version);
      reply.header("etag", etag);
      if (notModified(request.headers["if-none-match"], etag)) return reply.code(304).send(null);
      return order;
    },
  );

  app.get(
    "/orders",
    {
      config: { auth: ownerOr(Roles.ORDERS_READ) },
      schema: {
        summary: "List orders, newest first: a customer's, or (staff) all, by status and date placed",
        tags: ["orders"],
        querystring: ListOrdersQuery,
        response: { 200: OrderPage, 400: Problem },
      },
    },
    async (request) => {
      const { customerId, status, from, to, cursor, limit } = request.query;
      // A customer's list is always their own; naming someone else is refused (403).
      if (customerId !== undefined) ensureActsFor(request, customerId);
      const whose = customerScope(request) ?? customerId;
      return mediator.ask(new ListOrders({ customerId: whose, status, from, to }, cursor, limit));
    },
  );
}
