import type { Logger } from "pino";
import type { UnitOfWork } from "../database/unit-of-work.ts";
import {
  type AuditSink,
  auditBehaviour,
  logAuditSink,
  loggingBehaviour,
  retryOnConflictBehaviour,
  tracingBehaviour,
  transactionBehaviour,
  validationBehaviour,
} from "./behaviours.ts";
import { HandleIntegrationEvent, handleIntegrationEventHandler } from "./integration-event.ts";
import { Mediator } from "./mediator.ts";

export interface PipelineOptions {
  serviceName: string;
  logger: Logger;
  unitOfWork: UnitOfWork;
  /** Where audit entries go; the log by default. */
  audit?: AuditSink | undefined;
}

/**
 * The pipeline every service runs its messages through, outermost first: logging, tracing, audit,
 * validation, retry on a lost optimistic-concurrency race, and the transaction (innermost, so a
 * retry gets a fresh one). Consumed events arrive as HandleIntegrationEvent (see eventPipeline).
 */
export function createStandardMediator(options: PipelineOptions): Mediator {
  return new Mediator()
    .use(loggingBehaviour(options.logger))
    .use(tracingBehaviour(options.serviceName))
    .use(auditBehaviour(options.audit ?? logAuditSink(options.logger)))
    .use(validationBehaviour())
    .use(retryOnConflictBehaviour(undefined, options.unitOfWork))
    .use(transactionBehaviour(options.unitOfWork))
    .register(HandleIntegrationEvent, handleIntegrationEventHandler);
}
