// The service, declared; the runner (service-kit) owns config, migrations, cache, bus, readiness and shutdown.
import { defineService } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { buildCustomerApp } from "./app.ts";
import { Preferences } from "./domain/preferences.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { migrationSources } from "./migrations.ts";

export default defineService({
  name: "customer",
  port: 3003,
  config: {
    /** A new customer's currency and language until they choose their own. */
    DEFAULT_CURRENCY: Type.String({ pattern: "^[A-Z]{3}$", default: "EUR" }),
    DEFAULT_LANGUAGE: Type.String({ pattern: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", default: "en" }),
  },
  migrations: migrationSources,
  database: createPrisma,
  cache: true,
  build: async (deps) => {
    // Checked at start rather than at the first registration: an unknown currency stops the start.
    const defaultPreferences = Preferences.of({
      marketingConsent: false,
      currency: deps.config.DEFAULT_CURRENCY,
      language: deps.config.DEFAULT_LANGUAGE,
    }).toJSON();
    return { app: await buildCustomerApp({ ...deps, defaultPreferences }) };
  },
});
