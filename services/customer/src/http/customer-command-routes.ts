import {
  commandResponses,
  ensureOwnedBy,
  etagOf,
  type Mediator,
  ownerOr,
  Roles,
  requires,
  type ServiceApp,
} from "@ecommerce/service-kit";
import { AddCustomerAddress } from "../application/commands/add-customer-address.ts";
import { DeactivateCustomer } from "../application/commands/deactivate-customer.ts";
import { RegisterCustomer } from "../application/commands/register-customer.ts";
import { RemoveCustomerAddress } from "../application/commands/remove-customer-address.ts";
import { SetDefaultShippingAddress } from "../application/commands/set-default-shipping-address.ts";
import { UpdateCustomerProfile } from "../application/commands/update-customer-profile.ts";
import { customerNotFound, GetCustomer } from "../application/queries/get-customer.ts";
import {
  AddAddressRequest,
  AddressIdParams,
  CommandHeaders,
  CreateHeaders,
  CustomerIdParams,
  CustomerResponse,
  Problem,
  RegisterCustomerRequest,
  UpdateProfileRequest,
} from "./schemas.ts";

const errors = { 400: Problem, 404: Problem, 409: Problem, 412: Problem, 422: Problem };

/**
 * Commands. Each answers with the customer as it now stands, and its ETag. The register body is the
 * fleet's contract: `{"email", "name", "address"?}`.
 */
export async function customerCommandRoutes(app: ServiceApp, { mediator }: { mediator: Mediator }) {
  // RFC 7396 clients send PATCH bodies as merge-patch; it is JSON with the same meaning here.
  app.addContentTypeParser(
    "application/merge-patch+json",
    { parseAs: "string" },
    app.getDefaultJsonParser("error", "error"),
  );

  // A customer reads and changes only their own profile (`:id` is the customer): another's answers
  // exactly as a missing one (404), before anything is read.
  app.addHook("preHandler", async (request) => {
    const { id } = request.params as { id?: string };
    if (id !== undefined) ensureOwnedBy(request, id, () => customerNotFound(id));
  });

  const customers = commandResponses({
    read: (customerId) => mediator.ask(new GetCustomer(customerId)),
    etag: (customer) => etagOf(customer.version),
  });

  app.post(
    "/customers",
    {
      config: { auth: requires(Roles.CUSTOMERS_WRITE) },
      schema: {
        summary: "Register a customer (the email must not be registered yet, in any case)",
        tags: ["customers"],
        headers: CreateHeaders,
        body: RegisterCustomerRequest,
        response: { 201: CustomerResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { email, name, address } = request.body;
      return customers.created(
        reply,
        () => mediator.send(new RegisterCustomer(email, name, address)),
        (id) => `/customers/${id}`,
      );
    },
  );

  app.patch(
    "/customers/:id",
    {
      config: { auth: ownerOr(Roles.CUSTOMERS_WRITE) },
      schema: {
        summary: "Change the name and/or preferences; fields left out stay as they are",
        tags: ["customers"],
        params: CustomerIdParams,
        headers: CommandHeaders,
        body: UpdateProfileRequest,
        response: { 200: CustomerResponse, ...errors },
      },
    },
    async (request, reply) =>
      customers.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new UpdateCustomerProfile(request.params.id, request.body, expected)),
      ),
  );

  app.post(
    "/customers/:id/addresses",
    {
      config: { auth: ownerOr(Roles.CUSTOMERS_WRITE) },
      schema: {
        summary:
          "Save an address; the first one, or one sent with default: true, is the default shipping address",
        tags: ["customers"],
        params: CustomerIdParams,
        headers: CommandHeaders,
        body: AddAddressRequest,
        response: { 200: CustomerResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { default: makeDefault, ...address } = request.body;
      const customer = await customers.changed(request, reply, request.params.id, async (expected) => {
        const addressId = await mediator.send(
          new AddCustomerAddress(request.params.id, address, makeDefault ?? false, expected),
        );
        reply.header("x-address-id", addressId);
      });
      return reply.header("content-location", `/customers/${request.params.id}`).send(customer);
    },
  );

  app.post(
    "/customers/:id/addresses/:addressId/default",
    {
      config: { auth: ownerOr(Roles.CUSTOMERS_WRITE) },
      schema: {
        summary: "Make a saved address the default shipping address",
        tags: ["customers"],
        params: AddressIdParams,
        headers: CommandHeaders,
        response: { 200: CustomerResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id, addressId } = request.params;
      return customers.changed(request, reply, id, (expected) =>
        mediator.send(new SetDefaultShippingAddress(id, addressId, expected)),
      );
    },
  );

  app.delete(
    "/customers/:id/addresses/:addressId",
    {
      config: { auth: ownerOr(Roles.CUSTOMERS_WRITE) },
      schema: {
        summary: "Forget a saved address (removing the default leaves the customer without one)",
        tags: ["customers"],
        params: AddressIdParams,
        headers: CommandHeaders,
        response: { 200: CustomerResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id, addressId } = request.params;
      return customers.changed(request, reply, id, (expected) =>
        mediator.send(new RemoveCustomerAddress(id, addressId, expected)),
      );
    },
  );

  app.post(
    "/customers/:id/deactivate",
    {
      config: { auth: ownerOr(Roles.CUSTOMERS_WRITE) },
      schema: {
        summary: "Deactivate a customer for good: no further changes, no new orders",
        tags: ["customers"],
        params: CustomerIdParams,
        headers: CommandHeaders,
        response: { 200: CustomerResponse, ...errors },
      },
    },
    async (request, reply) =>
      customers.changed(request, reply, request.params.id, (expected) =>
        mediator.send(new DeactivateCustomer(request.params.id, expected)),
      ),
  );
}
