import { ContractViolationError, type EventEnvelope, parseEvent } from "@ecommerce/contracts";
import type { Logger } from "pino";
import { countDelivery } from "./delivery-metrics.ts";
import type { DeliveryContext, EventHandler } from "./event-bus.ts";
import { PermanentFailure } from "./permanent-failure.ts";
import { withConsumerSpan } from "./trace-context.ts";

export type DeliveryOutcome =
  | { kind: "completed" }
  | { kind: "retry"; description: string }
  | { kind: "dead-letter"; reason: string; description: string };

export const DeadLetterReasons = {
  maxDeliveries: "MaxDeliveriesExceeded",
  contractViolation: "ContractViolation",
  /** The consumer has no handler for the event's type (yet): replay it once it has. */
  unhandledEventType: "UnhandledEventType",
} as const;

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 4000);
  return String(error).slice(0, 4000);
}

function field(body: unknown, name: string): string | undefined {
  const value =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" ? value : undefined;
}

/**
 * One delivery of one message, the same for every transport: validate, run the handler in the
 * publisher's trace, and decide what the transport must do with the message.
 */
export async function deliver(
  body: unknown,
  context: DeliveryContext,
  handler: EventHandler,
  options: { validate: boolean; logger: Logger; system: string },
): Promise<DeliveryOutcome> {
  const outcome = await deliverOnce(body, context, handler, options);
  countDelivery(context.subscription, outcome);
  return outcome;
}

async function deliverOnce(
  body: unknown,
  context: DeliveryContext,
  handler: EventHandler,
  options: { validate: boolean; logger: Logger; system: string },
): Promise<DeliveryOutcome> {
  // Built only when something is logged: the happy path stays cheap.
  const log = () =>
    options.logger.child({
      subscription: context.subscription,
      eventId: field(body, "id"),
      eventType: field(body, "type"),
      correlationId: field(body, "correlationid"),
      deliveryCount: context.deliveryCount,
    });
  let event: EventEnvelope;
  try {
    event = options.validate ? parseEvent(body) : (body as EventEnvelope);
  } catch (error) {
    if (!(error instanceof ContractViolationError)) throw error;
    log().error({ err: error }, "event breaks its contract; dead-lettering it");
    return { kind: "dead-letter", reason: DeadLetterReasons.contractViolation, description: error.message };
  }
  try {
    // Read defensively: without validation (the consumer parses itself) the body may be anything.
    await withConsumerSpan(
      field(event, "traceparent"),
      {
        subscription: context.subscription,
        eventId: field(event, "id") ?? "",
        eventType: field(event, "type") ?? "",
        deliveryCount: context.deliveryCount,
        system: options.system,
      },
      () => handler(event, context),
    );
    return { kind: "completed" };
  } catch (error) {
    if (error instanceof PermanentFailure || error instanceof ContractViolationError) {
      const reason = error instanceof PermanentFailure ? error.reason : DeadLetterReasons.contractViolation;
      log().error({ err: error, reason }, "handler refused the event for good; dead-lettering it");
      return { kind: "dead-letter", reason, description: error.message };
    }
    if (context.deliveryCount >= context.maxDeliveries) {
      log().error({ err: error }, "handler failed on the last allowed delivery; dead-lettering the event");
      return {
        kind: "dead-letter",
        reason: DeadLetterReasons.maxDeliveries,
        description: `failed ${context.deliveryCount} deliveries; last error: ${describe(error)}`,
      };
    }
    log().warn({ err: error }, "handler failed; the event will be redelivered");
    return { kind: "retry", description: describe(error) };
  }
}
