export {
  type AuditItem,
  type AuditRow,
  auditPages,
  auditRows,
  expectAuditAdminOnly,
  refuseAuditRows,
} from "./audit-trail.ts";
export { authorizationAs } from "./authorization-as.ts";
export {
  injectAsIs,
  sendAdminTokenByDefault,
  sendTokenByDefault,
  TEST_ADMIN_SUBJECT,
} from "./default-authorization.ts";
export { expectErrorCodesListed } from "./error-codes.ts";
export { exportedSubclasses } from "./exported-classes.ts";
export {
  figuresTable,
  type HttpFigures,
  type HttpLoad,
  measureHttp,
  measureInRounds,
  type RoundScenario,
} from "./http-benchmark.ts";
export { machineTicks, percentile } from "./machine.ts";
export { expectMessageRefused, type FieldError } from "./message-refusal.ts";
export {
  expectAnswersMatchOpenApi,
  expectErrorResponsesDeclared,
  openApiViolations,
  type RecordedAnswer,
  recordAnswers,
} from "./openapi-conformance.ts";
export {
  type OtlpReceiver,
  type ReceivedPoint,
  type ReceivedSpan,
  startOtlpReceiver,
} from "./otlp-receiver.ts";
export { type PasswordServer, startPasswordServer } from "./password-server.ts";
export {
  expectProblem,
  expectValidationError,
  type InjectedResponse,
  type ProblemJson,
} from "./problem-assertions.ts";
export { ProcessCpuSampler, processTicks } from "./process-cpu.ts";
export {
  authorisationMatrix,
  type DeclaredAccess,
  type DeclaredRoute,
  declaredRoutes,
  expectEveryRouteDeclared,
  type MatrixOptions,
  type RoutedApp,
} from "./route-access.ts";
export { createTestDatabase, type TestDatabase } from "./test-database.ts";
export { createTestIssuer, type TestIssuer, type TokenClaims, testIssuer } from "./test-issuer.ts";
export { type EmbeddedServer, startEmbeddedPostgres, testServerUrl } from "./test-server.ts";
export { waitFor } from "./wait-for.ts";
