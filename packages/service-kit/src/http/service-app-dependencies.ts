import type { Logger } from "pino";
import type { TokenVerifier } from "../auth/token-verifier.ts";
import type { AuditSink } from "../mediator/behaviours.ts";
import type { ServiceApp } from "./create-service.ts";
import type { ReadinessCheck } from "./health.ts";

/** What every service's composition root takes besides its own settings (its database is its own type). */
export interface ServiceAppDependencies {
  logger: Logger;
  /** Verifies the bearer tokens (the runner: from AUTH_*; tests: test-support's issuer). */
  auth: TokenVerifier;
  environment?: "development" | "test" | "production";
  /** `read` serves only queries, `write` only commands; `all` both. */
  role?: "all" | "read" | "write";
  audit?: AuditSink;
  /** Extra route plugins, registered before the app is sealed (benchmarks, tests). */
  extraRoutes?: ((app: ServiceApp) => Promise<void>)[];
  /** Readiness checks of what the process runs besides the app (bus, relay, Redis). */
  readiness?: Record<string, ReadinessCheck>;
  /** Runs first when the app closes, before the database goes (the runner stops the bus and relay). */
  beforeClose?: () => Promise<void>;
}
