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
import {
  CancelShipmentForOrder,
  CancelShipmentForOrderHandler,
} from "./application/commands/cancel-shipment-for-order.ts";
import { CreateShipment, CreateShipmentHandler } from "./application/commands/create-shipment.ts";
import { DeliverShipment, DeliverShipmentHandler } from "./application/commands/deliver-shipment.ts";
import { DispatchShipment, DispatchShipmentHandler } from "./application/commands/dispatch-shipment.ts";
import { GetShipment, GetShipmentHandler } from "./application/queries/get-shipment.ts";
import { ListShipments, ListShipmentsHandler } from "./application/queries/list-shipments.ts";
import { TrackShipment, TrackShipmentHandler } from "./application/queries/track-shipment.ts";
import { shipmentCommandRoutes } from "./http/shipment-command-routes.ts";
import { shipmentQueryRoutes } from "./http/shipment-query-routes.ts";
import type { Db, Tx } from "./infrastructure/database.ts";
import { type ShippingEventHandler, shippingEventHandler } from "./infrastructure/event-subscriptions.ts";
import { PrismaShipmentReadModel } from "./infrastructure/prisma-shipment-read-model.ts";
import { PrismaShipmentRepository } from "./infrastructure/prisma-shipment-repository.ts";
import { migrationSources } from "./migrations.ts";

export interface ShippingDependencies extends ServiceAppDependencies {
  db: Db;
}

/** What the process entry (and tests) need besides HTTP: the mediator and the event consumers. */
export interface ShippingRuntime {
  mediator: Mediator;
  /** Shipping's consumers: what main.ts subscribes, and tests hand events to directly. */
  handleEvent: ShippingEventHandler;
}

export function createShippingRuntime(deps: ShippingDependencies): ShippingRuntime {
  const uow = new PrismaUnitOfWork<Tx>(deps.db);
  const shipments = new PrismaShipmentRepository(deps.db, uow);
  const readModel = new PrismaShipmentReadModel(deps.db);
  const mediator = createStandardMediator({
    serviceName: "shipping",
    logger: deps.logger,
    unitOfWork: uow,
    audit: deps.audit,
  })
    .register(CreateShipment, new CreateShipmentHandler(shipments))
    .register(DispatchShipment, new DispatchShipmentHandler(shipments))
    .register(DeliverShipment, new DeliverShipmentHandler(shipments))
    .register(CancelShipmentForOrder, new CancelShipmentForOrderHandler(shipments))
    .register(GetShipment, new GetShipmentHandler(readModel))
    .register(ListShipments, new ListShipmentsHandler(readModel))
    .register(TrackShipment, new TrackShipmentHandler(readModel));
  return { mediator, handleEvent: shippingEventHandler(mediator, uow) };
}

/** The composition root: a ready Fastify app that does not listen (tests inject; main listens). */
export async function buildShippingApp(
  deps: ShippingDependencies,
  mediator: Mediator = createShippingRuntime(deps).mediator,
): Promise<ServiceApp> {
  const role = deps.role ?? "all";
  const app = await createService({
    auth: deps.auth,
    // A read or write instance serves part of the API: a method it lacks may be its sibling's.
    methodNotAllowed: role === "all",
    name: "shipping",
    version: "0.1.0",
    description: "Shipments of paid orders: dispatch, delivery, tracking",
    environment: deps.environment ?? "development",
    logger: deps.logger,
    readiness: { ...databaseReadiness(deps.db, migrationSources), ...deps.readiness },
  });
  await app.register(idempotency, { db: deps.db });
  if (role !== "read") await app.register(shipmentCommandRoutes, { mediator });
  if (role !== "write") await app.register(shipmentQueryRoutes, { mediator });
  for (const routes of deps.extraRoutes ?? []) await app.register(routes);
  app.addHook("onClose", async () => {
    await deps.beforeClose?.();
    await deps.db.$disconnect();
  });
  await app.ready();
  return app;
}
