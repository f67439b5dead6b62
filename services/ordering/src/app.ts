import {
  type AuditSink,
  assertMigrated,
  auditBehaviour,
  createService,
  idempotency,
  logAuditSink,
  loggingBehaviour,
  Mediator,
  PrismaUnitOfWork,
  retryOnConflictBehaviour,
  type ServiceApp,
  tracingBehaviour,
  transactionBehaviour,
  validationBehaviour,
} from "@ecommerce/service-kit";
import type { Logger } from "pino";
import { AddOrderLine, AddOrderLineHandler } from "./application/commands/add-order-line.ts";
import { CancelOrder, CancelOrderHandler } from "./application/commands/cancel-order.ts";
import { ConfirmOrder, ConfirmOrderHandler } from "./application/commands/confirm-order.ts";
import { PlaceOrder, PlaceOrderHandler } from "./application/commands/place-order.ts";
import { GetOrder, GetOrderHandler } from "./application/queries/get-order.ts";
import { ListOrders, ListOrdersHandler } from "./application/queries/list-orders.ts";
import { orderCommandRoutes } from "./http/order-command-routes.ts";
import { orderQueryRoutes } from "./http/order-query-routes.ts";
import type { Db, Tx } from "./infrastructure/database.ts";
import { PrismaOrderReadModel } from "./infrastructure/prisma-order-read-model.ts";
import { type OrderSaveListener, PrismaOrderRepository } from "./infrastructure/prisma-order-repository.ts";
import { RequestPricing } from "./infrastructure/request-pricing.ts";
import { migrationSources } from "./migrations.ts";

export interface OrderingDependencies {
  db: Db;
  logger: Logger;
  environment?: "development" | "test" | "production";
  /** `read` serves only queries, `write` only commands; `all` both. */
  role?: "all" | "read" | "write";
  defaultCurrency?: string;
  audit?: AuditSink;
  /** Extra work inside each order's save transaction (the outbox). */
  saveListeners?: OrderSaveListener[];
  /** Extra route plugins, registered before the app is sealed (benchmarks, tests). */
  extraRoutes?: ((app: ServiceApp) => Promise<void>)[];
}

export function createMediator(deps: OrderingDependencies): Mediator {
  const uow = new PrismaUnitOfWork<Tx>(deps.db);
  const orders = new PrismaOrderRepository(deps.db, uow, deps.saveListeners);
  const readModel = new PrismaOrderReadModel(deps.db);
  const pricing = new RequestPricing();
  return new Mediator()
    .use(loggingBehaviour(deps.logger))
    .use(tracingBehaviour("ordering"))
    .use(auditBehaviour(deps.audit ?? logAuditSink(deps.logger)))
    .use(validationBehaviour())
    .use(retryOnConflictBehaviour())
    .use(transactionBehaviour(uow))
    .register(PlaceOrder, new PlaceOrderHandler(orders, pricing))
    .register(AddOrderLine, new AddOrderLineHandler(orders, pricing))
    .register(ConfirmOrder, new ConfirmOrderHandler(orders))
    .register(CancelOrder, new CancelOrderHandler(orders))
    .register(GetOrder, new GetOrderHandler(readModel))
    .register(ListOrders, new ListOrdersHandler(readModel));
}

/** The composition root: a ready Fastify app that does not listen (tests inject; main listens). */
export async function buildOrderingApp(deps: OrderingDependencies): Promise<ServiceApp> {
  const role = deps.role ?? "all";
  const mediator = createMediator(deps);
  const app = await createService({
    name: "ordering",
    version: "0.1.0",
    description: "Orders and their lifecycle",
    environment: deps.environment ?? "development",
    logger: deps.logger,
    readiness: {
      database: async () => {
        await deps.db.$queryRawUnsafe("SELECT 1");
      },
      migrations: () => assertMigrated(deps.db, migrationSources),
    },
  });
  await app.register(idempotency, { db: deps.db });
  if (role !== "read") {
    await app.register(orderCommandRoutes, { mediator, defaultCurrency: deps.defaultCurrency ?? "EUR" });
  }
  if (role !== "write") await app.register(orderQueryRoutes, { mediator });
  for (const routes of deps.extraRoutes ?? []) await app.register(routes);
  app.addHook("onClose", async () => deps.db.$disconnect());
  await app.ready();
  return app;
}
