import {
  ensureOwnedBy,
  etagOf,
  type Mediator,
  notModified,
  ownerOr,
  Roles,
  requires,
  type ServiceApp,
} from "@ecommerce/service-kit";
import { FindCustomerByEmail } from "../application/queries/find-customer-by-email.ts";
import { customerNotFound, GetCustomer } from "../application/queries/get-customer.ts";
import { ListCustomers } from "../application/queries/list-customers.ts";
import { CustomerIdParams, CustomerPage, CustomerResponse, ListCustomersQuery, Problem } from "./schemas.ts";

/** Queries: GETs answered from the read model (through the cache). */
export async function customerQueryRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  // A customer reads and changes only their own profile (`:id` is the customer): another's answers
  // exactly as a missing one (404), before anything is read.
  app.addHook("preHandler", async (request) => {
    const { id } = request.params as { id?: string };
    if (id !== undefined) ensureOwnedBy(request, id, () => customerNotFound(id));
  });
  app.get(
    "/customers/:id",
    {
      config: { auth: ownerOr(Roles.CUSTOMERS_READ) },
      schema: {
        summary: "Get a customer",
        tags: ["customers"],
        params: CustomerIdParams,
        response: { 200: CustomerResponse, 304: { type: "null" }, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const customer = await mediator.ask(new GetCustomer(request.params.id));
      const etag = etagOf(customer.version);
      reply.header("etag", etag);
      if (notModified(request.headers["if-none-match"], etag)) return reply.code(304).send(null);
      return customer;
    },
  );

  app.get(
    "/customers",
    {
      config: { auth: requires(Roles.CUSTOMERS_READ) },
      schema: {
        summary: "Find a customer by email (any case), or list every customer newest first (back office)",
        tags: ["customers"],
        querystring: ListCustomersQuery,
        response: { 200: CustomerPage, 400: Problem },
      },
    },
    async (request) => {
      const { email, cursor, limit } = request.query;
      if (email !== undefined) return mediator.ask(new FindCustomerByEmail(email));
      return mediator.ask(new ListCustomers(cursor, limit));
    },
  );
}
