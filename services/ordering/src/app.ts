import {
  createService,
  createStandardMediator,
  databaseReadiness,
  idempotency,
  type Mediator,
  PrismaUnitOfWork,
  type ServiceApp,
  type ServiceAppDependencies,
} from "@ecommerce/service-kit";
import { AddOrderLine, AddOrderLineHandler } from "./application/commands/add-order-line.ts";
import { CancelOrder, CancelOrderHandler } from "./application/commands/cancel-order.ts";
import { ConfirmOrder, ConfirmOrderHandler } from "./application/commands/confirm-order.ts";
import { PlaceOrder, PlaceOrderHandler } from "./application/commands/place-order.ts";
import { GetOrder, GetOrderHandler } from "./application/queries/get-order.ts";
import { ListOrders, ListOrdersHandler } from "./application/queries/list-orders.ts";
import { orderCommandRoutes } from "./http/order-command-routes.ts";
import { orderQueryRoutes } from "./http/order-query-routes.ts";
import type { Db, Tx } from "./infrastructure/database.ts";
import { type OrderingEventHandler, orderingEventHandler } from "./infrastructure/event-subscriptions.ts";
import { orderOutbox } from "./infrastructure/ordering-integration-events.ts";
import { PrismaBuyerReplica } from "./infrastructure/prisma-buyer-replica.ts";
import { PrismaOrderReadModel } from "./infrastructure/prisma-order-read-model.ts";
import { type OrderSaveListener, PrismaOrderRepository } from "./infrastructure/prisma-order-repository.ts";
import { PrismaProductReplica } from "./infrastructure/prisma-product-replica.ts";
import { migrationSources } from "./migrations.ts";

export interface OrderingDependencies extends ServiceAppDependencies {
  db: Db;
  defaultCurrency?: string;
  /** Extra work inside each order's save transaction, after the outbox. */
  saveListeners?: OrderSaveListener[];
}

/** What the process entry (and tests) need besides HTTP: the mediator and the event consumers. */
export interface OrderingRuntime {
  mediator: Mediator;
  /** Ordering's consumers: what main.ts subscribes, and tests hand events to directly. */
  handleEvent: OrderingEventHandler;
}

export function createOrderingRuntime(deps: OrderingDependencies): OrderingRuntime {
  const uow = new PrismaUnitOfWork<Tx>(deps.db, {
    onAfterCommitError: (error) => deps.logger.warn({ err: error }, "after-commit work failed"),
  });
  const orders = new PrismaOrderRepository(deps.db, uow, [orderOutbox(), ...(deps.saveListeners ?? [])]);
  const readModel = new PrismaOrderReadModel(deps.db);
  const buyers = new PrismaBuyerReplica(deps.db, uow);
  const products = new PrismaProductReplica(deps.db, uow);
  const mediator = createStandardMediator({
    serviceName: "ordering",
    logger: deps.logger,
    unitOfWork: uow,
    audit: deps.audit,
  })
    .register(PlaceOrder, new PlaceOrderHandler(orders, buyers, products, deps.defaultCurrency ?? "EUR"))
    .register(AddOrderLine, new AddOrderLineHandler(orders, products))
    .register(ConfirmOrder, new ConfirmOrderHandler(orders))
    .register(CancelOrder, new CancelOrderHandler(orders))
    .register(GetOrder, new GetOrderHandler(readModel))
    .register(ListOrders, new ListOrdersHandler(readModel));
  const handleEvent = orderingEventHandler({ mediator, uow, buyers, products, orders, logger: deps.logger });
  return { mediator, handleEvent };
}

export function createMediator(deps: OrderingDependencies): Mediator {
  return createOrderingRuntime(deps).mediator;
}

/** The composition root: a ready Fastify app that does not listen (tests inject; main listens). */
export async function buildOrderingApp(
  deps: OrderingDependencies,
  mediator: Mediator = createMediator(deps),
): Promise<ServiceApp> {
  const role = deps.role ?? "all";
  const app = await createService({
    auth: deps.auth,
    // A read or write instance serves part of the API: a method it lacks may be its sibling's.
    methodNotAllowed: role === "all",
    name: "ordering",
    version: "0.1.0",
    description: "Orders and their lifecycle",
    environment: deps.environment ?? "development",
    logger: deps.logger,
    readiness: { ...databaseReadiness(deps.db, migrationSources), ...deps.readiness },
  });
  await app.register(idempotency, { db: deps.db });
  if (role !== "read") {
    await app.register(orderCommandRoutes, { mediator });
  }
  if (role !== "write") await app.register(orderQueryRoutes, { mediator });
  for (const routes of deps.extraRoutes ?? []) await app.register(routes);
  app.addHook("onClose", async () => {
    await deps.beforeClose?.();
    await deps.db.$disconnect();
  });
  await app.ready();
  return app;
}
