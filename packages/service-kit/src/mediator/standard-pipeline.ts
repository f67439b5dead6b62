import type { Logger } from "pino";
import { ListAuditTrail, listAuditTrailHandler } from "../audit/list-audit-trail.ts";
import { SqlAuditTrail } from "../audit/sql-audit-trail.ts";
import type { SqlExecutor } from "../database/sql-executor.ts";
import type { UnitOfWork } from "../database/unit-of-work.ts";
import { type AuditedUnitOfWork, auditBehaviours } from "./audit-behaviour.ts";
import {
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
  unitOfWork: UnitOfWork & AuditedUnitOfWork;
  /** The service's database: the audit trail is a table in it (service-kit's migration). */
  db: SqlExecutor;
}

/**
 * The pipeline every service runs its messages through, outermost first: logging, tracing, audit
 * (the row of a command that failed, after its rollback), validation, retry on a lost
 * optimistic-concurrency race, the transaction (so a retry gets a fresh one), and innermost the
 * audit row of a command that succeeded, in its transaction. Consumed events arrive as
 * HandleIntegrationEvent (see eventPipeline); a target's trail is the query ListAuditTrail.
 */
export function createStandardMediator(options: PipelineOptions): Mediator {
  const trail = new SqlAuditTrail(options.db);
  const audit = auditBehaviours(trail, options.unitOfWork, options.logger);
  return new Mediator()
    .use(loggingBehaviour(options.logger))
    .use(tracingBehaviour(options.serviceName))
    .use(audit.outcome)
    .use(validationBehaviour())
    .use(retryOnConflictBehaviour(undefined, options.unitOfWork))
    .use(transactionBehaviour(options.unitOfWork))
    .use(audit.effect)
    .register(HandleIntegrationEvent, handleIntegrationEventHandler)
    .register(ListAuditTrail, listAuditTrailHandler(trail));
}
