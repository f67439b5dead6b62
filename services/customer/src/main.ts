// Process entry: telemetry starts first, then the service's modules load (instrumented) and the
// runner (service-kit) takes over.
import { runServiceModule } from "@ecommerce/service-kit/process";

await runServiceModule("customer", () => import("./service.ts"));
