import {
  ApplicationError,
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
import { GetInvoice, invoiceNotFound } from "../application/queries/get-invoice.ts";
import { ListInvoices } from "../application/queries/list-invoices.ts";
import { BillingErrors } from "../domain/errors.ts";
import { InvoiceIdParams, InvoicePage, InvoiceResponse, ListInvoicesQuery, Problem } from "./schemas.ts";

/** Billing has no commands over HTTP: invoices come from events. These are its queries. */
export async function invoiceQueryRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  app.get(
    "/invoices/:id",
    {
      config: { auth: ownerOr(Roles.BILLING_READ) },
      schema: {
        summary: "Get an invoice",
        tags: ["invoices"],
        params: InvoiceIdParams,
        response: { 200: InvoiceResponse, 304: { type: "null" }, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const invoice = await mediator.ask(new GetInvoice(request.params.id));
      ensureOwnedBy(request, invoice.customerId, () => invoiceNotFound(request.params.id));
      const etag = etagOf(invoice.version);
      reply.header("etag", etag);
      if (notModified(request.headers["if-none-match"], etag)) return reply.code(304).send(null);
      return invoice;
    },
  );

  app.get(
    "/invoices",
    {
      config: { auth: ownerOr(Roles.BILLING_READ) },
      schema: {
        summary: "List an order's invoices, or a customer's, oldest first",
        tags: ["invoices"],
        querystring: ListInvoicesQuery,
        response: { 200: InvoicePage, 400: Problem },
      },
    },
    async (request) => {
      const { orderId, cursor, limit } = request.query;
      // A customer's invoices are always their own (naming someone else is a 403), whatever the order.
      if (request.query.customerId !== undefined) ensureActsFor(request, request.query.customerId);
      const customerId = customerScope(request) ?? request.query.customerId;
      if (!orderId && !customerId)
        throw new ApplicationError(
          BillingErrors.INVOICE_FILTER_REQUIRED,
          "say whose invoices: orderId or customerId",
          "malformed",
        );
      return mediator.ask(new ListInvoices(limit, orderId, customerId, cursor));
    },
  );
}
