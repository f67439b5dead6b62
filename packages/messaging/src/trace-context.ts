import {
  type Context,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const tracer = trace.getTracer("@ecommerce/messaging");

function format(spanContext: SpanContext): string {
  return `00-${spanContext.traceId}-${spanContext.spanId}-${spanContext.traceFlags.toString(16).padStart(2, "0")}`;
}

/**
 * The W3C traceparent of the active span, for an event's envelope; undefined outside any trace. The
 * registered propagator writes it when an OpenTelemetry SDK is set up; without one (tests, scripts)
 * it is formatted from the active span context, so the trace still travels.
 */
export function currentTraceparent(active: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  if (carrier.traceparent) return carrier.traceparent;
  const spanContext = trace.getSpanContext(active);
  return spanContext && isSpanContextValid(spanContext) ? format(spanContext) : undefined;
}

/** The context a consumer continues from: the publisher's span as a remote parent. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  const extracted = propagation.extract(ROOT_CONTEXT, { traceparent });
  if (trace.getSpanContext(extracted)) return extracted;
  const match = TRACEPARENT.exec(traceparent);
  if (!match) return ROOT_CONTEXT;
  const spanContext: SpanContext = {
    traceId: match[2]!,
    spanId: match[3]!,
    traceFlags: Number.parseInt(match[4]!, 16),
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

export interface ConsumerSpanInfo {
  subscription: string;
  eventId: string;
  eventType: string;
  deliveryCount: number;
  system: string;
}

/**
 * Runs `work` in a CONSUMER span that is a child of the publisher's span, so everything the handler
 * does (database calls, events it publishes) lands in the trace that started at the HTTP request.
 */
export function withConsumerSpan<T>(
  traceparent: string | undefined,
  info: ConsumerSpanInfo,
  work: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `process ${info.subscription}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": info.system,
        "messaging.operation.type": "process",
        "messaging.destination.subscription.name": info.subscription,
        "messaging.message.id": info.eventId,
        "messaging.message.delivery_count": info.deliveryCount,
        "cloudevents.event_type": info.eventType,
      },
    },
    contextFromTraceparent(traceparent),
    async (span) => {
      try {
        return await work();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
