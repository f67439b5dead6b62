// The service, declared; the runner (service-kit) owns config, migrations, bus, readiness and shutdown.
import { defineService } from "@ecommerce/service-kit";
import { buildShippingApp, createShippingRuntime } from "./app.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { subscribeShipping } from "./infrastructure/event-subscriptions.ts";
import { migrationSources } from "./migrations.ts";

export default defineService({
  name: "shipping",
  port: 3005,
  migrations: migrationSources,
  database: createPrisma,
  build: async (deps) => {
    const runtime = createShippingRuntime(deps);
    return { app: await buildShippingApp(deps, runtime.mediator), ...runtime };
  },
  subscribe: (bus, { handleEvent }) => subscribeShipping(bus, handleEvent),
});
