import {
  ContractViolationError,
  type KnownEvent,
  type KnownEventTypeName,
  parseEvent,
} from "@ecommerce/contracts";
import { DeadLetterReasons } from "../delivery.ts";
import type { DeliveryContext, EventBus, SubscribeOptions } from "../event-bus.ts";
import { recordInboxOnce } from "../inbox/record-inbox-once.ts";
import { PermanentFailure } from "../permanent-failure.ts";
import type { SqlExecutor } from "../sql-executor.ts";

/** The parsed event of one catalogue type: `data` is typed by it. */
export type EventOf<T extends KnownEventTypeName> = Extract<KnownEvent, { type: T }>;

/** What a consumer does with one type of event, inside the transaction that records it in the inbox. */
export type IntegrationEventHandler<T extends KnownEventTypeName = KnownEventTypeName> = (
  event: EventOf<T>,
  delivery: DeliveryContext,
) => Promise<unknown>;

/** A consumer's handlers, by CloudEvents type; a type left out is dead-lettered when it arrives. */
export type IntegrationEventHandlers = { [T in KnownEventTypeName]?: IntegrationEventHandler<T> };

/** The first delivery of an event did the work; a redelivery found it in the inbox and did nothing. */
export type ConsumeOutcome = "handled" | "duplicate";

/**
 * How the consuming service runs the handling of one event: as it runs a command (its request
 * context, its mediator pipeline with logging, tracing, audit and validation, one transaction).
 * The service kit provides it (`eventPipeline`), so that messaging needs nothing of the kit.
 */
export interface EventPipeline {
  /** Runs `work` in one transaction, which it hands to `work` for the inbox row. */
  run<T>(event: KnownEvent, subscription: string, work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * The reason code when `error` refuses the event for good (a domain rule, a validation): retrying
   * cannot change the answer, so the event is dead-lettered at once. Undefined: retry.
   */
  refusal(error: unknown): string | undefined;
}

/** One subscription's consumer: the bus hands it each delivery as received. */
export interface Consumer {
  readonly subscription: string;
  /** The types it handles; every other type reaching the subscription is dead-lettered. */
  readonly eventTypes: readonly string[];
  /**
   * One delivery: parse and validate against the contract (once), dead-letter a type nobody
   * handles, then, in one transaction, the inbox row and the handler's effect.
   * Throws ContractViolationError or PermanentFailure for what must be dead-lettered at once.
   */
  deliver(body: unknown, delivery?: Partial<DeliveryContext>): Promise<ConsumeOutcome>;
}

function describeUnhandled(subscription: string, type: string): string {
  return `no handler for ${type} on ${subscription}; replay it once the consumer handles it`;
}

/**
 * The inbound seam: `consume("catalog.ordering", { [ProductCreated.type]: handler, ... }, pipeline)`.
 * Every consumer of the fleet gets the same policies from here:
 * - the event is parsed once, against the contracts catalogue (subscribe it with `validate: false`,
 *   as `subscribeConsumers` does, so the transport does not parse it again);
 * - a type without a handler is dead-lettered at once with reason `UnhandledEventType` (acknowledging
 *   it would lose it; retrying cannot help), without an inbox row, so a replay once a handler exists
 *   is handled like a first delivery;
 * - the inbox row and the effect commit together, so a redelivery has no second effect;
 * - a refusal (see EventPipeline.refusal) is a PermanentFailure with its code as the reason.
 */
export function consume(
  subscription: string,
  handlers: IntegrationEventHandlers,
  pipeline: EventPipeline,
): Consumer {
  const byType = handlers as Record<string, IntegrationEventHandler | undefined>;
  return {
    subscription,
    eventTypes: Object.keys(handlers),
    async deliver(body, given = {}) {
      const event = parseEvent(body);
      const handler = byType[event.type];
      if (!handler) {
        throw new PermanentFailure(
          DeadLetterReasons.unhandledEventType,
          describeUnhandled(subscription, event.type),
        );
      }
      const delivery: DeliveryContext = { subscription, deliveryCount: 1, maxDeliveries: 1, ...given };
      try {
        return await pipeline.run(event, subscription, async (tx): Promise<ConsumeOutcome> => {
          // First in the transaction: a concurrent delivery of the same event waits here for this one.
          if (!(await recordInboxOnce(tx, subscription, event.id))) return "duplicate";
          await handler(event as never, delivery);
          return "handled";
        });
      } catch (error) {
        if (error instanceof PermanentFailure || error instanceof ContractViolationError) throw error;
        const reason = pipeline.refusal(error);
        if (reason === undefined) throw error;
        throw new PermanentFailure(reason, (error as Error).message, { cause: error });
      }
    },
  };
}

/**
 * A service's consumers as one function of (subscription, delivery): what the bus calls, and tests.
 * `subscriptions` lists the subscriptions it consumes.
 */
export type ConsumerSet = ((
  subscription: string,
  body: unknown,
  delivery?: Partial<DeliveryContext>,
) => Promise<ConsumeOutcome>) & { readonly subscriptions: readonly string[] };

export function consumerSet(consumers: readonly Consumer[]): ConsumerSet {
  const bySubscription = new Map(consumers.map((c) => [c.subscription, c]));
  const handle = (subscription: string, body: unknown, delivery?: Partial<DeliveryContext>) => {
    const consumer = bySubscription.get(subscription);
    if (!consumer) return Promise.reject(new Error(`no consumer for subscription ${subscription}`));
    return consumer.deliver(body, delivery);
  };
  return Object.assign(handle, { subscriptions: [...bySubscription.keys()] });
}

/**
 * Subscribes each of the set's consumers to the bus, with the transport's own validation off: the
 * consumer parses each event once. Returns the subscriptions.
 */
export async function subscribeConsumers(
  bus: EventBus,
  consumers: ConsumerSet,
  options: SubscribeOptions = {},
): Promise<string[]> {
  for (const subscription of consumers.subscriptions) {
    await bus.subscribe(
      subscription,
      async (event, delivery) => {
        await consumers(subscription, event, delivery);
      },
      { ...options, validate: false },
    );
  }
  return [...consumers.subscriptions];
}
