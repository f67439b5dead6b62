import { IntegrationOutbox, type OutboxAppender } from "@ecommerce/messaging";
import {
  type Cache,
  createService,
  createStandardMediator,
  databaseReadiness,
  idempotency,
  type Mediator,
  PrismaUnitOfWork,
  type ServiceApp,
  type ServiceAppDependencies,
} from "@ecommerce/service-kit";
import {
  AddCustomerAddress,
  AddCustomerAddressHandler,
} from "./application/commands/add-customer-address.ts";
import { DeactivateCustomer, DeactivateCustomerHandler } from "./application/commands/deactivate-customer.ts";
import { RegisterCustomer, RegisterCustomerHandler } from "./application/commands/register-customer.ts";
import {
  RemoveCustomerAddress,
  RemoveCustomerAddressHandler,
} from "./application/commands/remove-customer-address.ts";
import {
  SetDefaultShippingAddress,
  SetDefaultShippingAddressHandler,
} from "./application/commands/set-default-shipping-address.ts";
import {
  UpdateCustomerProfile,
  UpdateCustomerProfileHandler,
} from "./application/commands/update-customer-profile.ts";
import type { CustomerReadModel } from "./application/queries/customer-dto.ts";
import {
  FindCustomerByEmail,
  FindCustomerByEmailHandler,
} from "./application/queries/find-customer-by-email.ts";
import { GetCustomer, GetCustomerHandler } from "./application/queries/get-customer.ts";
import { ListCustomers, ListCustomersHandler } from "./application/queries/list-customers.ts";
import type { PreferencesProps } from "./domain/preferences.ts";
import { customerCommandRoutes } from "./http/customer-command-routes.ts";
import { customerQueryRoutes } from "./http/customer-query-routes.ts";
import { CachedCustomerReadModel } from "./infrastructure/cached-customer-read-model.ts";
import { customerIntegrationEvents } from "./infrastructure/customer-integration-events.ts";
import type { Db, Tx } from "./infrastructure/database.ts";
import { PrismaCustomerReadModel } from "./infrastructure/prisma-customer-read-model.ts";
import { PrismaCustomerRepository } from "./infrastructure/prisma-customer-repository.ts";
import { migrationSources } from "./migrations.ts";

export interface CustomerDependencies extends ServiceAppDependencies {
  db: Db;
  /** What a new customer's preferences start as. */
  defaultPreferences?: PreferencesProps;
  /** Cache-aside for the read model; without it every query reads the database. */
  cache?: Cache;
  cacheTtlSeconds?: number;
  /** Where integration events go inside the save transaction (the messaging outbox by default). */
  outbox?: OutboxAppender;
}

export const DEFAULT_PREFERENCES: PreferencesProps = {
  marketingConsent: false,
  currency: "EUR",
  language: "en",
};

export function createMediator(deps: CustomerDependencies): Mediator {
  const uow = new PrismaUnitOfWork<Tx>(deps.db);
  const database = new PrismaCustomerReadModel(deps.db);
  const cached = deps.cache
    ? new CachedCustomerReadModel(database, deps.cache, deps.cacheTtlSeconds)
    : undefined;
  const readModel: CustomerReadModel = cached ?? database;
  const customers = new PrismaCustomerRepository(deps.db, uow, {
    outbox: new IntegrationOutbox(customerIntegrationEvents, deps.outbox),
    afterCommit: cached ? [(saved) => cached.invalidate(saved)] : [],
  });
  return createStandardMediator({
    serviceName: "customer",
    logger: deps.logger,
    unitOfWork: uow,
    audit: deps.audit,
  })
    .register(
      RegisterCustomer,
      new RegisterCustomerHandler(customers, deps.defaultPreferences ?? DEFAULT_PREFERENCES),
    )
    .register(UpdateCustomerProfile, new UpdateCustomerProfileHandler(customers))
    .register(AddCustomerAddress, new AddCustomerAddressHandler(customers))
    .register(SetDefaultShippingAddress, new SetDefaultShippingAddressHandler(customers))
    .register(RemoveCustomerAddress, new RemoveCustomerAddressHandler(customers))
    .register(DeactivateCustomer, new DeactivateCustomerHandler(customers))
    .register(GetCustomer, new GetCustomerHandler(readModel))
    .register(FindCustomerByEmail, new FindCustomerByEmailHandler(readModel))
    .register(ListCustomers, new ListCustomersHandler(readModel));
}

/**
 * The composition root: a ready Fastify app that does not listen (tests inject; main listens). Tests
 * pass the mediator in so they can also send messages around HTTP, as scripts and event handlers do.
 */
export async function buildCustomerApp(
  deps: CustomerDependencies,
  mediator: Mediator = createMediator(deps),
): Promise<ServiceApp> {
  const role = deps.role ?? "all";
  const app = await createService({
    auth: deps.auth,
    // A read or write instance serves part of the API: a method it lacks may be its sibling's.
    methodNotAllowed: role === "all",
    name: "customer",
    version: "0.1.0",
    description: "Customers: registration, profiles, addresses, preferences",
    environment: deps.environment ?? "development",
    logger: deps.logger,
    readiness: { ...databaseReadiness(deps.db, migrationSources), ...deps.readiness },
  });
  await app.register(idempotency, { db: deps.db });
  if (role !== "read") await app.register(customerCommandRoutes, { mediator });
  if (role !== "write") await app.register(customerQueryRoutes, { mediator });
  for (const routes of deps.extraRoutes ?? []) await app.register(routes);
  app.addHook("onClose", async () => {
    await deps.beforeClose?.();
    await deps.db.$disconnect();
  });
  await app.ready();
  return app;
}
