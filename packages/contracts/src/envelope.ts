import Type from "typebox";

/**
 * A CloudEvents 1.0 event in structured JSON mode, with the fleet's extension attributes.
 * `T` is the type of `data`, `Type` the literal event type when it is known.
 */
export interface EventEnvelope<T = unknown, Type extends string = string> {
  specversion: "1.0";
  /** UUID v7, unique per event; consumers deduplicate on it. */
  id: string;
  /** The publishing context, e.g. "/ordering". */
  source: string;
  /** e.g. "ecommerce.ordering.order-confirmed.v1". */
  type: Type;
  /** The aggregate id; events of one subject are delivered in order. At most 128 characters (a session id). */
  subject: string;
  /** RFC 3339 time the event was created. */
  time: string;
  datacontenttype: "application/json";
  data: T;
  /** Shared by every event caused, directly or not, by one request. At most 128 characters. */
  correlationid: string;
  /** Id of the event (or request/command) that directly caused this one. */
  causationid: string;
  /** W3C trace context of the publisher, so the consumer continues the same trace. */
  traceparent?: string;
  /**
   * The event's position in its aggregate's stream: the aggregate version the change produced.
   * Optional (older publishers do not set it); a consumer keeping a replica keeps the highest, so
   * clock skew between publishing instances cannot make a later change lose to an earlier one.
   * Events of one save share it; it orders events of one aggregate, not of one subject in general.
   */
  sequence?: number;
}

export const SPEC_VERSION = "1.0";
export const EVENT_TYPE_PATTERN = "^ecommerce\\.([a-z][a-z-]*)\\.([a-z][a-z-]*)\\.v([1-9][0-9]*)$";
export const TRACEPARENT_PATTERN = "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$";

/**
 * The longest `subject` and `correlationid`: they travel as the Service Bus message's `sessionId` and
 * `correlationId`, which the broker (and its SDK, before sending) refuses beyond 128 characters. An
 * event it refuses would stay at the head of its outbox for good, so it is refused here, when created.
 */
export const BROKER_ID_MAX_LENGTH = 128;

const Id = Type.String({ minLength: 1, maxLength: 200 });
const BrokerId = Type.String({ minLength: 1, maxLength: BROKER_ID_MAX_LENGTH });

/**
 * The envelope without its data, which is checked against the schema of its type. Unknown extension
 * attributes are allowed, as CloudEvents requires of consumers.
 */
export const EnvelopeSchema = Type.Object({
  specversion: Type.Literal(SPEC_VERSION),
  id: Type.String({ format: "uuid" }),
  source: Type.String({ pattern: "^/[a-z][a-z-]*$" }),
  type: Type.String({ pattern: EVENT_TYPE_PATTERN }),
  subject: BrokerId,
  time: Type.String({ format: "date-time" }),
  datacontenttype: Type.Literal("application/json"),
  data: Type.Unknown(),
  correlationid: BrokerId,
  causationid: Id,
  traceparent: Type.Optional(Type.String({ pattern: TRACEPARENT_PATTERN })),
  sequence: Type.Optional(Type.Integer({ minimum: 1 })),
});
