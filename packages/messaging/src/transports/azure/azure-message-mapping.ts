import type { ServiceBusMessage, ServiceBusReceivedMessage } from "@azure/service-bus";
import type { EventEnvelope, SubscriptionDefinition } from "@ecommerce/contracts";

export const CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

/** Subject of a replayed message: only the subscription it came from has a rule matching it. */
export function replaySubjectOf(subscription: Pick<SubscriptionDefinition, "name">): string {
  return `replay:${subscription.name}`;
}

/**
 * An envelope as a Service Bus message. Structured CloudEvents: the body is the envelope as JSON
 * bytes, which any AMQP client can read. The broker-side fields mirror it: `messageId` = event id
 * (duplicate detection), `subject` = event type (subscription filters), `sessionId` = aggregate id
 * (order per aggregate on session subscriptions), `correlationId`; trace and causation are
 * application properties, traceparent under `Diagnostic-Id` too, where Azure's tooling looks.
 */
export function toServiceBusMessage(event: EventEnvelope): ServiceBusMessage {
  const applicationProperties: Record<string, string> = {
    causationid: event.causationid,
    source: event.source,
  };
  if (event.traceparent) {
    applicationProperties.traceparent = event.traceparent;
    applicationProperties["Diagnostic-Id"] = event.traceparent;
  }
  return {
    messageId: event.id,
    subject: event.type,
    sessionId: event.subject,
    correlationId: event.correlationid,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    body: Buffer.from(JSON.stringify(event), "utf8"),
    applicationProperties,
  };
}

/** A dead letter sent back to the one subscription it came from (its own messageId, so not a duplicate). */
export function toReplayMessage(
  received: ServiceBusReceivedMessage,
  subscription: Pick<SubscriptionDefinition, "name">,
  replayedAt: Date,
): ServiceBusMessage {
  const event = envelopeOf(received) as Partial<EventEnvelope>;
  const base = event.id && event.type ? toServiceBusMessage(event as EventEnvelope) : undefined;
  return {
    ...(base ?? { body: received.body, contentType: received.contentType, sessionId: received.sessionId }),
    messageId: `${event.id ?? String(received.messageId)}:replay:${replayedAt.getTime()}`,
    subject: replaySubjectOf(subscription),
    applicationProperties: {
      ...(base?.applicationProperties ?? received.applicationProperties ?? {}),
      replayedAt: replayedAt.toISOString(),
      replayedFrom: String(received.sequenceNumber ?? ""),
    },
  };
}

/** The envelope of a received message, whichever way the SDK decoded the body. Not validated. */
export function envelopeOf(message: Pick<ServiceBusReceivedMessage, "body">): unknown {
  const { body } = message;
  if (Buffer.isBuffer(body) || body instanceof Uint8Array)
    return parseJson(Buffer.from(body).toString("utf8"));
  if (typeof body === "string") return parseJson(body);
  return body;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * 1 on the first delivery. Service Bus puts the count of previous deliveries in the AMQP header
 * (0-based, per AMQP) and this SDK passes it through unchanged, unlike the .NET and Java ones.
 */
export function deliveryNumberOf(message: Pick<ServiceBusReceivedMessage, "deliveryCount">): number {
  return (message.deliveryCount ?? 0) + 1;
}
