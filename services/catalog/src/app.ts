import {
  type Cache,
  createCache,
  createService,
  createStandardMediator,
  databaseReadiness,
  idempotency,
  type Mediator,
  PrismaUnitOfWork,
  type ServiceApp,
  type ServiceAppDependencies,
} from "@ecommerce/service-kit";
import { AdjustStock, AdjustStockHandler } from "./application/commands/adjust-stock.ts";
import {
  ChangeProductPrice,
  ChangeProductPriceHandler,
} from "./application/commands/change-product-price.ts";
import { CommitReservation, CommitReservationHandler } from "./application/commands/commit-reservation.ts";
import { CreateCategory, CreateCategoryHandler } from "./application/commands/create-category.ts";
import { CreateProduct, CreateProductHandler } from "./application/commands/create-product.ts";
import { DiscontinueProduct, DiscontinueProductHandler } from "./application/commands/discontinue-product.ts";
import { ReleaseReservation, ReleaseReservationHandler } from "./application/commands/release-reservation.ts";
import { ReserveStock, ReserveStockHandler } from "./application/commands/reserve-stock.ts";
import { GetCategory, GetCategoryHandler } from "./application/queries/get-category.ts";
import { GetProduct, GetProductHandler } from "./application/queries/get-product.ts";
import { GetStockLevel, GetStockLevelHandler } from "./application/queries/get-stock-level.ts";
import { ListCategories, ListCategoriesHandler } from "./application/queries/list-categories.ts";
import { ListProducts, ListProductsHandler } from "./application/queries/list-products.ts";
import { categoryCommandRoutes } from "./http/category-command-routes.ts";
import { categoryQueryRoutes } from "./http/category-query-routes.ts";
import { productCommandRoutes } from "./http/product-command-routes.ts";
import { productQueryRoutes } from "./http/product-query-routes.ts";
import { catalogOutbox } from "./infrastructure/catalog-integration-events.ts";
import type { Db, Tx } from "./infrastructure/database.ts";
import { type CatalogEventHandler, catalogEventHandler } from "./infrastructure/event-subscriptions.ts";
import { PrismaCategoryReadModel } from "./infrastructure/prisma-category-read-model.ts";
import { PrismaCategoryRepository } from "./infrastructure/prisma-category-repository.ts";
import { PrismaProductReadModel } from "./infrastructure/prisma-product-read-model.ts";
import { PrismaProductRepository } from "./infrastructure/prisma-product-repository.ts";
import { PrismaReservationRepository } from "./infrastructure/prisma-reservation-repository.ts";
import { PrismaStockItemRepository } from "./infrastructure/prisma-stock-item-repository.ts";
import { CachedProductReadModel, ProductCacheInvalidation } from "./infrastructure/product-cache.ts";
import { ProductViewProjection } from "./infrastructure/product-view-projection.ts";
import { migrationSources } from "./migrations.ts";

export interface CatalogDependencies extends ServiceAppDependencies {
  db: Db;
  /** The read-model cache (Redis, in-process or off); an in-process one when not given. The app closes it. */
  cache?: Cache;
  /** How long cached products and list pages live (writes invalidate them at once). */
  cacheTtlSeconds?: number;
}

/** What the process entry (and tests) need besides HTTP: the mediator and the event handler. */
export interface CatalogRuntime {
  mediator: Mediator;
  cache: Cache;
  /** Catalog's consumers: what main.ts subscribes, and tests hand events to directly. */
  handleEvent: CatalogEventHandler;
}

export type CatalogApp = ServiceApp & { catalog: CatalogRuntime };

export function createCatalogRuntime(deps: CatalogDependencies & { cache: Cache }): CatalogRuntime {
  const uow = new PrismaUnitOfWork<Tx>(deps.db);
  const outbox = catalogOutbox();
  const projection = new ProductViewProjection(new ProductCacheInvalidation(uow, deps.cache));
  const categories = new PrismaCategoryRepository(deps.db, uow, outbox);
  const products = new PrismaProductRepository(deps.db, uow, projection, outbox);
  const stock = new PrismaStockItemRepository(deps.db, uow, projection, outbox);
  const reservations = new PrismaReservationRepository(uow, outbox);
  const ttl = deps.cacheTtlSeconds ?? 300;
  const productReadModel = new CachedProductReadModel(new PrismaProductReadModel(deps.db), deps.cache, {
    productTtlSeconds: ttl,
    listTtlSeconds: ttl,
  });
  const categoryReadModel = new PrismaCategoryReadModel(deps.db);

  const mediator = createStandardMediator({
    serviceName: "catalog",
    logger: deps.logger,
    unitOfWork: uow,
    audit: deps.audit,
  })
    .register(CreateCategory, new CreateCategoryHandler(categories))
    .register(CreateProduct, new CreateProductHandler(categories, products, stock))
    .register(ChangeProductPrice, new ChangeProductPriceHandler(products))
    .register(DiscontinueProduct, new DiscontinueProductHandler(products))
    .register(AdjustStock, new AdjustStockHandler(stock))
    .register(ReserveStock, new ReserveStockHandler(reservations, stock))
    .register(ReleaseReservation, new ReleaseReservationHandler(reservations, stock))
    .register(CommitReservation, new CommitReservationHandler(reservations, stock))
    .register(GetProduct, new GetProductHandler(productReadModel))
    .register(ListProducts, new ListProductsHandler(productReadModel))
    .register(GetStockLevel, new GetStockLevelHandler(productReadModel))
    .register(GetCategory, new GetCategoryHandler(categoryReadModel))
    .register(ListCategories, new ListCategoriesHandler(categoryReadModel));
  return { mediator, cache: deps.cache, handleEvent: catalogEventHandler(mediator, uow) };
}

/** The composition root: a ready Fastify app that does not listen (tests inject; main listens). */
export async function buildCatalogApp(deps: CatalogDependencies): Promise<CatalogApp> {
  const role = deps.role ?? "all";
  const cache =
    deps.cache ?? (await createCache({ namespace: "catalog", mode: "memory", logger: deps.logger }));
  const runtime = createCatalogRuntime({ ...deps, cache });
  const { mediator } = runtime;
  const app = await createService({
    auth: deps.auth,
    // A read or write instance serves part of the API: a method it lacks may be its sibling's.
    methodNotAllowed: role === "all",
    name: "catalog",
    version: "0.1.0",
    description: "Products, categories, prices and inventory (on hand, reservations)",
    environment: deps.environment ?? "development",
    logger: deps.logger,
    readiness: { ...databaseReadiness(deps.db, migrationSources), ...deps.readiness },
  });
  await app.register(idempotency, { db: deps.db });
  if (role !== "read") {
    await app.register(categoryCommandRoutes, { mediator });
    await app.register(productCommandRoutes, { mediator });
  }
  if (role !== "write") {
    await app.register(categoryQueryRoutes, { mediator });
    await app.register(productQueryRoutes, { mediator });
  }
  for (const routes of deps.extraRoutes ?? []) await app.register(routes);
  app.decorate("catalog", runtime);
  app.addHook("onClose", async () => {
    await deps.beforeClose?.();
    await cache.close();
    await deps.db.$disconnect();
  });
  await app.ready();
  return app as CatalogApp;
}
