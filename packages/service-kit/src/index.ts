import { fileURLToPath } from "node:url";

export { type AuditEntry, type AuditWriter, outcomeOf, SUCCEEDED } from "./audit/audit-entry.ts";
export { AuditTargetSchema, ListAuditTrail } from "./audit/list-audit-trail.ts";
export { MAX_STRING as MAX_AUDIT_STRING, REDACTED, redactPayload } from "./audit/redact-payload.ts";
export { type AuditRecord, SqlAuditTrail } from "./audit/sql-audit-trail.ts";
export {
  type AuthConfig,
  AuthConfigError,
  authConfigProblem,
  authConfigSchema,
  authSettingsFrom,
} from "./auth/auth-config.ts";
export { BEARER_SCHEME } from "./auth/auth-plugin.ts";
export {
  DEFAULT_DEV_ISSUER_DIR,
  DEV_AUDIENCE,
  DEV_ISSUER,
  type DevIssuer,
  type DevTokenRequest,
  ensureDevIssuer,
  signDevToken,
} from "./auth/dev-issuer.ts";
export { customerScope, ensureActsFor, ensureOwnedBy } from "./auth/ownership.ts";
export { holdsAnyRole, isCustomer, type Principal } from "./auth/principal.ts";
export type { RequestAccess } from "./auth/request-access.ts";
export { ADMIN_ROLE, CUSTOMER_ROLE, type Role, Roles, STAFF_ROLES, type StaffRole } from "./auth/roles.ts";
export {
  anonymous,
  ownerOr,
  type RouteAccess,
  type RouteAccessEntry,
  requires,
} from "./auth/route-access.ts";
export { SigningKeysUnavailable, TokenErrors, TokenRejected } from "./auth/token-rejected.ts";
export {
  ALLOWED_ALGORITHMS,
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
} from "./auth/token-verifier.ts";
export { Cache } from "./cache/cache.ts";
export { type CacheOptions, cacheModeFromEnv, createCache } from "./cache/create-cache.ts";
export { REDIS_ENTRA_SCOPE, type RedisConnection, redisClientOptions } from "./cache/redis-client-options.ts";
export { baseConfigSchema, portSchema } from "./config/base-config.ts";
export { isKeyVaultReference, keyVaultReferenceProblems } from "./config/key-vault-reference.ts";
export {
  keyVaultSecretStore,
  readKeyVaultSettings,
  type SecretStore,
  type SecretStoreFactory,
  secretNameOf,
} from "./config/key-vault-settings.ts";
export { ConfigError, loadConfig } from "./config/load-config.ts";
export {
  currentContext,
  type RequestContext,
  runAsSystem,
  runWithContext,
} from "./context/request-context.ts";
export {
  type EntraPasswordOptions,
  entraTokenPassword,
  type PasswordFunction,
  POSTGRES_ENTRA_SCOPE,
} from "./database/entra-password.ts";
export {
  assertMigrated,
  ensureDatabase,
  type Migration,
  MigrationDriftError,
  migrate,
  migrationsFingerprint,
  readMigrations,
} from "./database/migrate.ts";
export {
  type PoolOptions,
  pgConnectionConfig,
  pgPoolConfig,
  TOKEN_CONNECTION_LIFETIME_SECONDS,
} from "./database/pg-pool-config.ts";
export { prismaPgAdapter } from "./database/prisma-adapter.ts";
export type { SqlExecutor } from "./database/sql-executor.ts";
export { isUniqueViolation } from "./database/unique-violation.ts";
export { PrismaUnitOfWork, type UnitOfWork } from "./database/unit-of-work.ts";
export {
  ApplicationError,
  ConcurrencyConflict,
  type ErrorKind,
  type FieldError,
  InvalidMessage,
  isRefusal,
  StaleVersion,
} from "./errors/application-error.ts";
export { type KitErrorCode, KitErrors } from "./errors/kit-errors.ts";
export { auditRoutes } from "./http/audit-routes.ts";
export { type CommandResource, type CommandResponses, commandResponses } from "./http/command-responses.ts";
export {
  ifMatchHeader,
  MoneySchema,
  ProblemSchema,
  pageOf,
  TextSchema,
  type TextSchemaOptions,
  UuidSchema,
} from "./http/common-schemas.ts";
export { createService, type ServiceApp, type ServiceOptions } from "./http/create-service.ts";
export { databaseReadiness } from "./http/database-readiness.ts";
export { STATUS_OF_KIND, sendProblem } from "./http/error-handler.ts";
export { etagOf, notModified, versionFromIfMatch } from "./http/etag.ts";
export type { ReadinessCheck } from "./http/health.ts";
export { type IdempotencyOptions, idempotency } from "./http/idempotency.ts";
export { PROBLEM_JSON, problemResponse } from "./http/problem-responses.ts";
export {
  HttpProblem,
  NotFoundProblem,
  PreconditionFailedProblem,
  type ProblemDocument,
  problem,
} from "./http/problems.ts";
export { setRequestTimeout } from "./http/request-timeout.ts";
export { closeApp, type RunOptions, runService } from "./http/run-service.ts";
export { type AzureCredentialOptions, createAzureCredential } from "./identity/azure-credential.ts";
export {
  createLogger,
  type LoggerExtras,
  loggerOptions,
  REDACTED_PATHS,
  redactQuery,
  traceFields,
} from "./logging/create-logger.ts";
export { configuredSecrets, SecretRedactor, secretsOfSetting } from "./logging/secret-redactor.ts";
export { type AuditedUnitOfWork, auditBehaviours } from "./mediator/audit-behaviour.ts";
export {
  loggingBehaviour,
  retryOnConflictBehaviour,
  tracingBehaviour,
  transactionBehaviour,
  validationBehaviour,
} from "./mediator/behaviours.ts";
export { currentCausation } from "./mediator/causation.ts";
export { assertExpectedVersion } from "./mediator/expected-version.ts";
export {
  type DeliveredEvent,
  eventPipeline,
  HandleIntegrationEvent,
  refusalOf,
} from "./mediator/integration-event.ts";
export { loadOrThrow } from "./mediator/load-or-throw.ts";
export { Mediator } from "./mediator/mediator.ts";
export {
  Command,
  Message,
  type MessageContext,
  type MessageHandler,
  type PipelineBehaviour,
  Query,
  type ResultOf,
} from "./mediator/message.ts";
export { createStandardMediator, type PipelineOptions } from "./mediator/standard-pipeline.ts";
export { decodeCursor, encodeCursor } from "./paging/cursor.ts";
export {
  CursorSchema,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type Page,
  PageSizeSchema,
} from "./paging/page.ts";
export { BUS_ENV_VARIABLES, busPlan } from "./runner/bus-plan.ts";
export { migrationSourcesOf } from "./runner/migration-sources.ts";
export { describeService, runServiceSpec } from "./runner/run-service-spec.ts";
export {
  listenDefaults,
  loadRunnerConfig,
  type RunnerConfig,
  runnerConfigObject,
  runnerConfigSchema,
} from "./runner/runner-config.ts";
export { type AzureEdge, loadRunnerSettings, type RunnerSettings } from "./runner/runner-settings.ts";
export {
  type BuiltService,
  defineService,
  type ServiceDatabase,
  type ServiceDeps,
  type ServiceSpec,
} from "./runner/service-spec.ts";
export { type RunningService, type StartOptions, startService } from "./runner/start-service.ts";
export { observeOutbox } from "./telemetry/outbox-metrics.ts";
export { startTelemetry, type Telemetry, type TelemetryOptions } from "./telemetry/start-telemetry.ts";
export { type TelemetryPlan, telemetryPlan } from "./telemetry/telemetry-plan.ts";

/** Migrations every service applies with its own (the idempotency keys and audit trail tables). */
export const serviceKitMigrationsDir = fileURLToPath(new URL("../migrations", import.meta.url));
export type { ServiceAppDependencies } from "./http/service-app-dependencies.ts";
