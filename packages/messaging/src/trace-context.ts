import {
  type Context,
  context,
  type Link,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

const tracer = trace.getTracer("@ecommerce/messaging");
// The envelope's `traceparent` is W3C Trace Context by contract (CloudEvents' distributed tracing
// extension), whatever propagator the process registers globally: the W3C propagator reads and
// writes it, with or without an SDK.
const w3c = new W3CTraceContextPropagator();
const getter = {
  get: (carrier: Record<string, string>, key: string) => carrier[key],
  keys: (carrier: Record<string, string>) => Object.keys(carrier),
};

/**
 * The W3C traceparent of the active span (or of `active`), for an event's envelope; undefined
 * outside any trace.
 */
export function currentTraceparent(active: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(active, carrier, { set: (c, key, value) => (c[key] = value) });
  return carrier.traceparent;
}

/** The context a consumer continues from: the publisher's span as a remote parent. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  const extracted = w3c.extract(ROOT_CONTEXT, { traceparent }, getter);
  return trace.getSpanContext(extracted) ? extracted : ROOT_CONTEXT;
}

export interface ConsumerSpanInfo {
  subscription: string;
  eventId: string;
  eventType: string;
  deliveryCount: number;
  system: string;
}

/**
 * Runs `work` in a CONSUMER span that is a child of the span that sent the event (the relay's
 * PRODUCER span), and so of the request that wrote it: everything the handler does (database calls,
 * events it publishes) lands in the trace that started at the HTTP request.
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
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

function failed(span: Span, error: unknown): void {
  span.recordException(error as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
}

interface Sendable {
  id: string;
  type: string;
  subject?: string | undefined;
  traceparent?: string | undefined;
}

/**
 * Publishes a batch inside one PRODUCER span per event, each a child of the context the event was
 * written in (the command's span, from the envelope's traceparent), and hands `publish` the events
 * carrying their producer span's traceparent instead: the consumer's span is that span's child, so
 * one trace runs request → command → relay → bus → handler. The batch's own SEND span links them.
 * Without a recording tracer (telemetry off) the events go out as they are.
 */
export async function withProducerSpans<E extends Sendable>(
  system: string,
  events: readonly E[],
  publish: (events: readonly E[]) => Promise<void>,
): Promise<void> {
  const spans = events.map((event) =>
    tracer.startSpan(
      `send ${event.type}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          "messaging.system": system,
          "messaging.operation.type": "send",
          "messaging.message.id": event.id,
          "cloudevents.event_type": event.type,
          ...(event.subject ? { "cloudevents.event_subject": event.subject } : {}),
        },
      },
      contextFromTraceparent(event.traceparent),
    ),
  );
  if (!spans.some((span) => span.isRecording())) return publish(events);
  const sent = events.map((event, index) => {
    const traceparent = currentTraceparent(trace.setSpan(ROOT_CONTEXT, spans[index]!));
    return traceparent ? { ...event, traceparent } : event;
  });
  // One event: its sending (the transport's statements) runs inside its producer span. A batch: in
  // one span of its own, linked to every event's producer span.
  const parent =
    spans.length === 1
      ? trace.setSpan(context.active(), spans[0]!)
      : trace.setSpan(
          context.active(),
          tracer.startSpan(
            `send batch of ${events.length}`,
            {
              kind: SpanKind.PRODUCER,
              links: spans.map((span): Link => ({ context: span.spanContext() })),
              attributes: { "messaging.system": system, "messaging.batch.message_count": events.length },
            },
            ROOT_CONTEXT,
          ),
        );
  const batch = trace.getSpan(parent)!;
  try {
    await context.with(parent, () => publish(sent));
  } catch (error) {
    for (const span of new Set([...spans, batch])) failed(span, error);
    throw error;
  } finally {
    for (const span of new Set([...spans, batch])) span.end();
  }
}
