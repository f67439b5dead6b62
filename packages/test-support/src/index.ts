export { expectErrorCodesListed } from "./error-codes.ts";
export { exportedSubclasses } from "./exported-classes.ts";
export { figuresTable, type HttpFigures, type HttpLoad, measureHttp } from "./http-benchmark.ts";
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
export {
  expectProblem,
  expectValidationError,
  type InjectedResponse,
  type ProblemJson,
} from "./problem-assertions.ts";
export { createTestDatabase, type TestDatabase } from "./test-database.ts";
export { type EmbeddedServer, startEmbeddedPostgres, testServerUrl } from "./test-server.ts";
export { waitFor } from "./wait-for.ts";
