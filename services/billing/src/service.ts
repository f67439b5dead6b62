// The service, declared; the runner (service-kit) owns config, migrations, bus, readiness and shutdown.
import { subscribeConsumers } from "@ecommerce/messaging";
import { defineService } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { buildBillingApp, createBillingRuntime } from "./app.ts";
import { defaultPaymentRetryPolicy } from "./application/payment-retry-policy.ts";
import { createPrisma } from "./infrastructure/database.ts";
import { migrationSources } from "./migrations.ts";

export default defineService({
  name: "billing",
  port: 3004,
  config: {
    /** Tax per shipping country: `DE=0.19,NL=0.21,*=0` (`*`: every other country). */
    BILLING_TAX_RATES: Type.String({
      default: "*=0",
      pattern: "^\\s*(([A-Z]{2}|\\*)=0(\\.\\d{1,6})?\\s*(,\\s*|$))*$",
    }),
    /** How long one call to the payment provider may take. */
    PAYMENT_CALL_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 5_000 }),
    /** No new attempt at a charge or refund starts later than this after the first. */
    PAYMENT_DEADLINE_MS: Type.Integer({ minimum: 1_000, maximum: 300_000, default: 20_000 }),
  },
  migrations: migrationSources,
  database: createPrisma,
  build: async (deps) => {
    const { BILLING_TAX_RATES, PAYMENT_CALL_TIMEOUT_MS, PAYMENT_DEADLINE_MS } = deps.config;
    const paymentRetries = {
      ...defaultPaymentRetryPolicy,
      callTimeoutMs: PAYMENT_CALL_TIMEOUT_MS,
      deadlineMs: PAYMENT_DEADLINE_MS,
    };
    const all = { ...deps, taxRates: BILLING_TAX_RATES, paymentRetries };
    const runtime = createBillingRuntime(all);
    return { app: await buildBillingApp(all, runtime), ...runtime };
  },
  // Where events are consumed, payments are collected: the sweeper runs beside the consumers.
  subscribe: async (bus, { handleEvent, sweeper }) => {
    sweeper.start();
    return subscribeConsumers(bus, handleEvent);
  },
});
