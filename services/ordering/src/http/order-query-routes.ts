import { etagOf, type Mediator, notModified, type ServiceApp } from "@ecommerce/service-kit";
import { GetOrder } from "../application/queries/get-order.ts";
import { ListOrders } from "../application/queries/list-orders.ts";
import { ListOrdersQuery, OrderIdParams, OrderPage, OrderResponse, Problem } from "./schemas.ts";

/** Queries: GETs answered from the read model. */
export async function orderQueryRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  app.get(
    "/orders/:id",
    {
      schema: {
        summary: "Get an order",
        tags: ["orders"],
        params: OrderIdParams,
        response: { 200: OrderResponse, 304: { type: "null" }, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const order = await mediator.ask(new GetOrder(request.params.id));
      const etag = etagOf(order.version);
      reply.header("etag", etag);
      if (notModified(request.headers["if-none-match"], etag)) return reply.code(304).send(null);
      return order;
    },
  );

  app.get(
    "/orders",
    {
      schema: {
        summary: "List a customer's orders, newest first",
        tags: ["orders"],
        querystring: ListOrdersQuery,
        response: { 200: OrderPage, 400: Problem },
      },
    },
    async (request) => {
      const { customerId, cursor, limit } = request.query;
      return mediator.ask(new ListOrders(customerId, cursor, limit));
    },
  );
}
