import { lazyInstruments } from "@ecommerce/messaging";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { TSchema } from "typebox";
import { Value } from "typebox/value";
import type { UnitOfWork } from "../database/unit-of-work.ts";
import { ConcurrencyConflict, InvalidMessage, isRefusal, StaleVersion } from "../errors/application-error.ts";
import type { Command, Message, MessageContext, PipelineBehaviour } from "./message.ts";

/**
 * Logs every message with its duration and outcome. A refusal (a domain or application error: the
 * client's doing) logs at info; anything else, a lost database included, is a failure and logs at error.
 */
export function loggingBehaviour(logger: Logger): PipelineBehaviour {
  return {
    name: "logging",
    appliesTo: "all",
    async handle(message, context, next) {
      const started = performance.now();
      const fields = {
        message: message.messageName,
        kind: message.kind,
        correlationId: context.correlationId,
      };
      try {
        const result = await next();
        logger.debug({ ...fields, ms: Math.round(performance.now() - started) }, "handled");
        return result;
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        logger[isRefusal(error) ? "info" : "error"]({ ...fields, ms, err: error }, "failed");
        throw error;
      }
    },
  };
}

/**
 * One span per message, and its duration in the `app.message.duration` histogram (by message, kind
 * and outcome): command and query durations. Both no-ops until the service's telemetry starts.
 */
export function tracingBehaviour(serviceName: string): PipelineBehaviour {
  const tracer = trace.getTracer(serviceName);
  const durations = lazyInstruments(serviceName, (meter) =>
    meter.createHistogram("app.message.duration", {
      description: "Duration of commands and queries through the mediator",
      unit: "s",
    }),
  );
  return {
    name: "tracing",
    appliesTo: "all",
    handle(message, context, next) {
      return tracer.startActiveSpan(`${message.kind} ${message.messageName}`, async (span) => {
        span.setAttribute("messaging.correlation_id", context.correlationId);
        const started = performance.now();
        let outcome = "succeeded";
        try {
          return await next();
        } catch (error) {
          outcome = isRefusal(error) ? "refused" : "failed";
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
          durations().record((performance.now() - started) / 1000, {
            "app.message.name": message.messageName,
            "app.message.kind": message.kind,
            "app.message.outcome": outcome,
          });
        }
      });
    },
  };
}

/** Second line of defence behind the HTTP schemas: commands also arrive from events and scripts. */
export function validationBehaviour(): PipelineBehaviour {
  return {
    name: "validation",
    appliesTo: "all",
    handle(message, _context, next) {
      const schema = (message.constructor as { schema?: TSchema }).schema;
      // The schema describes the message's own fields, not those of the base classes (so that a
      // strict schema, additionalProperties: false, does not refuse every command).
      const { kind: _kind, expectedVersion: _expectedVersion, ...payload } = message as Command<unknown>;
      if (schema && !Value.Check(schema, payload)) {
        const errors = [...Value.Errors(schema, payload)].map((e) => ({
          field: e.instancePath.replace(/^\//, "").replaceAll("/", ".") || "(message)",
          message: e.message,
        }));
        throw new InvalidMessage(message.messageName, errors);
      }
      return next();
    },
  };
}

/** Runs each command in one database transaction: state, read model and outbox commit together. */
export function transactionBehaviour(unitOfWork: UnitOfWork): PipelineBehaviour {
  return {
    name: "transaction",
    appliesTo: "command",
    handle(_message, _context, next) {
      return unitOfWork.run(next);
    },
  };
}

/**
 * A writer that lost an optimistic-concurrency race retries on fresh state, so concurrent clients
 * never lose an update. A client that named the version it expects (If-Match) is told it is stale.
 * A command sent from inside another's transaction (an event handler's) does not retry on its own:
 * the transaction is the outer one's, so only the outer command can retry it afresh.
 */
export function retryOnConflictBehaviour(maxAttempts = 30, unitOfWork?: UnitOfWork): PipelineBehaviour {
  return {
    name: "retry-on-conflict",
    appliesTo: "command",
    async handle(message: Message<unknown>, _context: MessageContext, next) {
      if (unitOfWork?.inTransaction?.()) return next();
      const expected = (message as Command<unknown>).expectedVersion;
      for (let attempt = 1; ; attempt++) {
        try {
          return await next();
        } catch (error) {
          if (!(error instanceof ConcurrencyConflict)) throw error;
          if (expected !== undefined) throw new StaleVersion(expected, error.currentVersion ?? -1);
          if (attempt >= maxAttempts) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
        }
      }
    },
  };
}
