import type { EventEnvelope } from "@ecommerce/contracts";

export interface DeliveryContext {
  /** The subscription delivering, e.g. "catalog.ordering". */
  subscription: string;
  /** 1 on the first delivery; at `maxDeliveries` a failure dead-letters the event. */
  deliveryCount: number;
  maxDeliveries: number;
}

export type EventHandler = (event: EventEnvelope, context: DeliveryContext) => Promise<void>;

export interface SubscribeOptions {
  /** Events handled at the same time by this process (never two of one subject on an ordered subscription). */
  concurrency?: number;
  /** Events fetched per round trip where the transport fetches in batches (postgres: 8 × concurrency). */
  prefetch?: number;
  /**
   * Parse the event against the contracts catalogue before the handler sees it (default true). An
   * event that breaks its contract is dead-lettered at once: retrying cannot fix it.
   */
  validate?: boolean;
}

/** An event the bus gave up on, with why. */
export interface DeadLetter {
  /** The transport's id of the dead-lettered message, for replaying only some. */
  id: string;
  subscription: string;
  /** The envelope as it was received; not necessarily valid (a contract violation lands here too). */
  event: EventEnvelope;
  reason: string;
  description: string;
  deliveryCount: number;
  deadLetteredAt: Date;
}

export interface DeadLetterQuery {
  limit?: number;
}

export interface ReplayOptions {
  /** Only these dead letters (ids from `deadLetters`); all of them otherwise. */
  ids?: readonly string[];
  limit?: number;
}

/** The entities one process needs on the bus: the topics it publishes to, the subscriptions it consumes. */
export interface BusEntities {
  topics: readonly string[];
  subscriptions: readonly string[];
}

/**
 * The port services integrate through. At least once, in order per subject on ordered
 * subscriptions; consumers make their effects idempotent with the inbox.
 */
export interface EventBus {
  start(): Promise<void>;
  /**
   * Stops taking deliveries on every subscription and resolves once the handlers in flight have
   * finished and their events are settled. Publishing keeps working (an outbox relay may still
   * publish); what is published from then on stays queued for the next consumer. Final for this
   * bus: subscribe() refuses afterwards. Events a transport had already fetched ahead (pg-boss's
   * prefetch) count as in flight and are handled.
   */
  stopConsuming(): Promise<void>;
  /** Stops consuming (as stopConsuming, when not done yet), then closes connections. */
  stop(): Promise<void>;
  /**
   * Resolves when the transport can serve these entities now (broker reachable, each entity present
   * and usable); throws naming what is not. For readiness probes. Optional: a transport without it
   * is checked from outside (postgres: its database answers).
   */
  checkReady?(entities: BusEntities): Promise<void>;
  /** Publishes to each event's topic (its context's); the batch keeps its order per subject. */
  publish(events: readonly EventEnvelope[]): Promise<void>;
  subscribe(subscription: string, handler: EventHandler, options?: SubscribeOptions): Promise<void>;
  deadLetters(subscription: string, query?: DeadLetterQuery): Promise<DeadLetter[]>;
  /** Sends dead letters back to their subscription for another full round of deliveries. */
  replayDeadLetters(subscription: string, options?: ReplayOptions): Promise<number>;
  /** Deletes dead letters for good (after a decision that they need no handling). */
  discardDeadLetters(subscription: string, options?: ReplayOptions): Promise<number>;
}
