// Process entry: the runner (service-kit) owns config, migrations, bus, readiness and shutdown.
import { defineService, runServiceSpec } from "@ecommerce/service-kit";
import { buildShippingApp, createShippingRuntime } from "./app.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { subscribeShipping } from "./infrastructure/event-subscriptions.ts";
import { migrationSources } from "./migrations.ts";

const shipping = defineService({
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

await runServiceSpec(shipping);
