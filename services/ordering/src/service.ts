// The service, declared; the runner (service-kit) owns config, migrations, bus, readiness and shutdown.
import { defineService } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { buildOrderingApp, createOrderingRuntime } from "./app.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { subscribeToIntegrationEvents } from "./infrastructure/event-subscriptions.ts";
import { migrationSources } from "./migrations.ts";

export default defineService({
  name: "ordering",
  port: 3002,
  config: { DEFAULT_CURRENCY: Type.String({ pattern: "^[A-Z]{3}$", default: "EUR" }) },
  migrations: migrationSources,
  database: createPrisma,
  build: async (deps) => {
    const all = { ...deps, defaultCurrency: deps.config.DEFAULT_CURRENCY };
    const runtime = createOrderingRuntime(all);
    return { app: await buildOrderingApp(all, runtime.mediator), ...runtime };
  },
  subscribe: (bus, { handleEvent }) => subscribeToIntegrationEvents(bus, handleEvent),
});
