// The service, declared; the runner (service-kit) owns config, migrations, cache, bus, readiness and shutdown.
import { defineService } from "@ecommerce/service-kit";
import { buildCatalogApp } from "./app.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { subscribeCatalog } from "./infrastructure/event-subscriptions.ts";
import { migrationSources } from "./migrations.ts";

export default defineService({
  name: "catalog",
  port: 3001,
  migrations: migrationSources,
  database: createPrisma,
  cache: true,
  build: async (deps) => ({ app: await buildCatalogApp(deps) }),
  subscribe: (bus, { app }) => subscribeCatalog(bus, app.catalog.handleEvent),
});
