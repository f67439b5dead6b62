import type { ServiceBusReceivedMessage } from "@azure/service-bus";
import {
  topology as declaredTopology,
  type EventEnvelope,
  type SubscriptionDefinition,
  subscriptionNamed,
  type Topology,
  topicOf,
} from "@ecommerce/contracts";
import type { Logger } from "pino";
import type { AzureServiceBusConfig, RetryPolicy } from "../../bus-config.ts";
import { deliver } from "../../delivery.ts";
import type {
  BusEntities,
  DeadLetter,
  DeadLetterQuery,
  EventBus,
  EventHandler,
  ReplayOptions,
  SubscribeOptions,
} from "../../event-bus.ts";
import { withProducerSpans } from "../../trace-context.ts";
import {
  type AzureSdk,
  type ReceiverPort,
  type SenderPort,
  type ServiceBusClientPort,
  serviceBusClientFor,
} from "./azure-clients.ts";
import {
  deliveryNumberOf,
  envelopeOf,
  toReplayMessage,
  toServiceBusMessage,
} from "./azure-message-mapping.ts";

export interface AzureServiceBusEventBusOptions {
  topology?: Topology;
  /** How long a session receiver waits for its session's next message before taking another session. */
  sessionIdleMs?: number;
  /**
   * The longest a session loop holds one session (default 60 s): then, at the next message boundary,
   * it releases the session and takes the next one (maybe the same again). The SDK renews a session's
   * lock only for LOCK_RENEWAL_MS from acceptance, so a busy session held without bound would lose its
   * lock; releasing also lets the other sessions of a subscription have their turn.
   */
  maxSessionHoldMs?: number;
  /** The most messages a session loop takes from one session before releasing it (default 100). */
  maxSessionMessages?: number;
  /** How long replaying waits for more dead letters before it considers the queue drained (default 2 s). */
  drainWaitMs?: number;
  /** Waits between failed attempts to accept a session; a test passes one that only records. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The clock session holding is measured on; a test passes a fake one. */
  now?: () => number;
}

const DEFAULT_CONCURRENCY = 8;
/**
 * How long the SDK keeps renewing a lock: a session's from its acceptance, an unordered message's
 * from its receipt. It must outlast the session hold (maxSessionHoldMs) plus the handler of the last
 * message taken; a single handler running longer than that loses its lock (and is redelivered).
 */
export const LOCK_RENEWAL_MS = 5 * 60_000;
const DEFAULT_SESSION_HOLD_MS = 60_000;
const DEFAULT_SESSION_MESSAGES = 100;

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** acceptNextSession reports "no session right now" as these; they only mean "ask again". */
function isNoSessionAvailable(error: unknown): boolean {
  // The SDK's own isServiceBusError is this name check.
  const e = error as { name?: unknown; code?: unknown } | null;
  return e?.name === "ServiceBusError" && (e.code === "ServiceTimeout" || e.code === "SessionCannotBeLocked");
}

/**
 * The `azure-service-bus` transport. One topic per publishing context, one subscription per consumer
 * filtered on the event type (see provisionTopology). Ordered subscriptions require sessions keyed
 * by the aggregate id: a session is processed one message at a time, so a failed message is retried
 * before the next one of its aggregate. Peek-lock throughout: complete on success, abandon on failure
 * (the broker redelivers at once: no backoff on this transport), dead-letter with reason and
 * description on the last allowed delivery or a PermanentFailure.
 */
export class AzureServiceBusEventBus implements EventBus {
  readonly #client: ServiceBusClientPort;
  readonly #retry: RetryPolicy;
  readonly #topology: Topology;
  readonly #log: Logger;
  readonly #sessionIdleMs: number;
  readonly #maxSessionHoldMs: number;
  readonly #maxSessionMessages: number;
  readonly #drainWaitMs: number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  /** Dead letter queue receivers the readiness check peeks through, kept between checks. */
  readonly #probes = new Map<string, ReceiverPort>();
  readonly #senders = new Map<string, SenderPort>();
  /** Aborted by stopConsuming: session loops and backoff waits end. */
  readonly #consuming = new AbortController();
  #consumingStopped: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;
  readonly #loops: Promise<void>[] = [];
  /** Ends the SDK's subscribe() of each unordered subscription (no new message is taken). */
  readonly #subscriptions: { close(): Promise<void> }[] = [];
  /** Messages being handled by those subscriptions, until settled. */
  readonly #inFlight = new Set<Promise<void>>();
  readonly #closers: (() => Promise<void>)[] = [];

  /** The bus on the configured namespace; `sdk` is the Azure SDK (loaded on first use), a test's seam. */
  static fromConfig(
    config: AzureServiceBusConfig,
    logger: Logger,
    options: AzureServiceBusEventBusOptions = {},
    sdk?: AzureSdk,
  ): AzureServiceBusEventBus {
    return new AzureServiceBusEventBus(serviceBusClientFor(config, sdk), config.retry, logger, options);
  }

  constructor(
    client: ServiceBusClientPort,
    retry: RetryPolicy,
    logger: Logger,
    options: AzureServiceBusEventBusOptions = {},
  ) {
    this.#client = client;
    this.#retry = retry;
    this.#topology = options.topology ?? declaredTopology;
    this.#log = logger.child({ component: "event-bus", transport: "azure-service-bus" });
    this.#sessionIdleMs = options.sessionIdleMs ?? 1_000;
    this.#maxSessionHoldMs = options.maxSessionHoldMs ?? DEFAULT_SESSION_HOLD_MS;
    this.#maxSessionMessages = options.maxSessionMessages ?? DEFAULT_SESSION_MESSAGES;
    if (this.#maxSessionHoldMs >= LOCK_RENEWAL_MS) {
      throw new Error(`maxSessionHoldMs must stay below the lock renewal window (${LOCK_RENEWAL_MS} ms)`);
    }
    this.#drainWaitMs = options.drainWaitMs ?? 2_000;
    this.#sleep = options.sleep ?? abortableSleep;
    this.#now = options.now ?? Date.now;
  }

  /** The SDK connects lazily; entities are provisioned separately (provisionTopology). */
  async start(): Promise<void> {}

  stopConsuming(): Promise<void> {
    this.#consumingStopped ??= (async () => {
      this.#consuming.abort();
      // The SDK's subscription close() stops receiving but does not wait for processMessage calls,
      // so those are awaited here; closing their receiver earlier would lose their settlement.
      await Promise.all(
        this.#subscriptions.map((subscription) => subscription.close().catch(() => undefined)),
      );
      // Session loops finish the message in hand (so it is settled, not left to its lock to
      // expire), then close their receivers.
      await Promise.all([...this.#loops, ...this.#inFlight]);
      await Promise.all(this.#closers.map((close) => close().catch(() => undefined)));
      this.#log.info("stopped consuming");
    })();
    return this.#consumingStopped;
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      await this.stopConsuming();
      const links = [...this.#senders.values(), ...this.#probes.values()];
      await Promise.all(links.map((link) => link.close().catch(() => undefined)));
      await this.#client.close();
    })();
    return this.#stopped;
  }

  /**
   * Ready when the namespace answers and each entity this process needs is there, for its rights:
   * a sender link opens on each topic (Send; no message is sent) and a peek answers on each
   * subscription's dead letter queue (Listen; the one subqueue that never requires sessions, and
   * exists exactly when its subscription does). Throws naming every entity that failed.
   */
  async checkReady(entities: BusEntities): Promise<void> {
    const problems: string[] = [];
    await Promise.all([
      ...entities.topics.map(async (topic) => {
        try {
          await this.#senderFor(topic).createMessageBatch();
        } catch (error) {
          problems.push(`topic ${topic}: ${(error as Error).message}`);
        }
      }),
      ...entities.subscriptions.map(async (name) => {
        try {
          await this.#probeFor(name).peekMessages(1);
        } catch (error) {
          problems.push(`subscription ${name}: ${(error as Error).message}`);
        }
      }),
    ]);
    if (problems.length > 0) throw new Error(`Service Bus not ready: ${problems.sort().join("; ")}`);
  }

  #probeFor(subscription: string): ReceiverPort {
    let probe = this.#probes.get(subscription);
    if (!probe) {
      const definition = subscriptionNamed(subscription, this.#topology);
      probe = this.#client.createReceiver(definition.topic, definition.consumer, {
        subQueueType: "deadLetter",
      });
      this.#probes.set(subscription, probe);
    }
    return probe;
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    await withProducerSpans("servicebus", events, (sent) => this.#publish(sent));
  }

  async #publish(events: readonly EventEnvelope[]): Promise<void> {
    const byTopic = new Map<string, EventEnvelope[]>();
    for (const event of events) {
      const topic = topicOf(event.type);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
    }
    for (const [topic, topicEvents] of byTopic) await this.#send(topic, topicEvents);
  }

  #senderFor(topic: string): SenderPort {
    let sender = this.#senders.get(topic);
    if (!sender) {
      sender = this.#client.createSender(topic);
      this.#senders.set(topic, sender);
    }
    return sender;
  }

  async #send(topic: string, events: readonly EventEnvelope[]): Promise<void> {
    const sender = this.#senderFor(topic);
    let batch = await sender.createMessageBatch();
    for (const event of events) {
      const message = toServiceBusMessage(event);
      if (batch.tryAddMessage(message)) continue;
      if (batch.count === 0)
        throw new Error(`event ${event.id} (${event.type}) is larger than a Service Bus message may be`);
      await sender.sendMessages(batch);
      batch = await sender.createMessageBatch();
      if (!batch.tryAddMessage(message)) {
        throw new Error(`event ${event.id} (${event.type}) is larger than a Service Bus message may be`);
      }
    }
    if (batch.count > 0) await sender.sendMessages(batch);
  }

  async subscribe(
    subscription: string,
    handler: EventHandler,
    options: SubscribeOptions = {},
  ): Promise<void> {
    const definition = subscriptionNamed(subscription, this.#topology);
    if (this.#consumingStopped) throw new Error("this bus has stopped consuming; subscribe on a new one");
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    const process = (receiver: ReceiverPort, message: ServiceBusReceivedMessage) =>
      this.#process(receiver, message, definition, handler, options.validate ?? true);
    if (definition.ordered) {
      for (let i = 0; i < concurrency; i++) this.#loops.push(this.#sessionLoop(definition, process));
      return;
    }
    const receiver = this.#client.createReceiver(definition.topic, definition.consumer, {
      receiveMode: "peekLock",
      maxAutoLockRenewalDurationInMs: LOCK_RENEWAL_MS,
    });
    const subscriptionHandle = receiver.subscribe(
      {
        processMessage: (message) => {
          const handling = process(receiver, message).finally(() => this.#inFlight.delete(handling));
          this.#inFlight.add(handling);
          return handling;
        },
        processError: async (args) => {
          this.#log.warn({ err: args.error, source: args.errorSource, subscription }, "receiver error");
        },
      },
      { autoCompleteMessages: false, maxConcurrentCalls: concurrency },
    );
    this.#subscriptions.push(subscriptionHandle);
    this.#closers.push(() => receiver.close());
  }

  /**
   * Takes one session at a time and handles its messages in order, until the session is idle, or
   * held for maxSessionHoldMs, or maxSessionMessages were taken from it; then releases it and takes
   * the next, until the bus stops.
   */
  async #sessionLoop(
    definition: SubscriptionDefinition,
    process: (receiver: ReceiverPort, message: ServiceBusReceivedMessage) => Promise<void>,
  ): Promise<void> {
    const signal = this.#consuming.signal;
    let failures = 0;
    while (!signal.aborted) {
      let receiver: ReceiverPort;
      try {
        receiver = await this.#client.acceptNextSession(definition.topic, definition.consumer, {
          receiveMode: "peekLock",
          maxAutoLockRenewalDurationInMs: LOCK_RENEWAL_MS,
          abortSignal: signal,
        });
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        if (isNoSessionAvailable(err)) continue;
        failures += 1;
        this.#log.warn({ err, subscription: definition.name }, "could not accept a session; retrying");
        await this.#sleep(Math.min(30_000, 500 * 2 ** failures), signal);
        continue;
      }
      const close = () => receiver.close();
      this.#closers.push(close);
      const acceptedAt = this.#now();
      let taken = 0;
      try {
        while (!signal.aborted) {
          // One message at a time: the next one of this aggregate waits for this one's outcome.
          const [message] = await receiver.receiveMessages(1, {
            maxWaitTimeInMs: this.#sessionIdleMs,
            abortSignal: signal,
          });
          if (!message) break;
          taken += 1;
          await process(receiver, message);
          if (taken >= this.#maxSessionMessages || this.#now() - acceptedAt >= this.#maxSessionHoldMs) {
            // Released with its lock still valid; its next message goes to whichever loop takes it.
            break;
          }
        }
      } catch (err) {
        if (!signal.aborted) this.#log.warn({ err, subscription: definition.name }, "session receive failed");
      } finally {
        this.#closers.splice(this.#closers.indexOf(close), 1);
        await receiver.close().catch(() => undefined);
      }
    }
  }

  async #process(
    receiver: ReceiverPort,
    message: ServiceBusReceivedMessage,
    definition: SubscriptionDefinition,
    handler: EventHandler,
    validate: boolean,
  ): Promise<void> {
    const context = {
      subscription: definition.name,
      deliveryCount: deliveryNumberOf(message),
      maxDeliveries: this.#retry.maxDeliveries,
    };
    const outcome = await deliver(envelopeOf(message), context, handler, {
      validate,
      logger: this.#log,
      system: "servicebus",
    });
    switch (outcome.kind) {
      case "completed":
        await receiver.completeMessage(message);
        return;
      case "dead-letter":
        await receiver.deadLetterMessage(message, {
          deadLetterReason: outcome.reason,
          deadLetterErrorDescription: outcome.description.slice(0, 4000),
          deadLetteredAt: new Date().toISOString(),
          deliveryCount: context.deliveryCount,
        });
        return;
      case "retry":
        // Abandoned at once: the broker redelivers it (at the head of its session, so the order
        // holds) with its delivery count raised. Waiting here would hold the lock, and a session's
        // whole aggregate, for the length of the backoff.
        await receiver.abandonMessage(message, { lastError: outcome.description.slice(0, 1000) });
        return;
    }
  }

  async deadLetters(subscription: string, query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const definition = subscriptionNamed(subscription, this.#topology);
    const receiver = this.#client.createReceiver(definition.topic, definition.consumer, {
      subQueueType: "deadLetter",
    });
    try {
      const messages = await receiver.peekMessages(query.limit ?? 1000);
      return messages.map((message) => this.#toDeadLetter(message, definition));
    } finally {
      await receiver.close();
    }
  }

  #toDeadLetter(message: ServiceBusReceivedMessage, definition: SubscriptionDefinition): DeadLetter {
    const properties = message.applicationProperties ?? {};
    const deadLetteredAt = properties.deadLetteredAt;
    return {
      id: String(message.sequenceNumber ?? message.messageId),
      subscription: definition.name,
      event: envelopeOf(message) as EventEnvelope,
      reason: message.deadLetterReason ?? "Unknown",
      description: message.deadLetterErrorDescription ?? "",
      deliveryCount:
        typeof properties.deliveryCount === "number" ? properties.deliveryCount : deliveryNumberOf(message),
      deadLetteredAt:
        typeof deadLetteredAt === "string"
          ? new Date(deadLetteredAt)
          : (message.enqueuedTimeUtc ?? new Date(0)),
    };
  }

  /**
   * Sends dead letters back to the topic with a subject only this subscription's `replay` rule
   * matches, then removes them from the dead letter queue. A replayed event goes to the end of its
   * session (Service Bus cannot put it back in place).
   */
  async replayDeadLetters(subscription: string, options: ReplayOptions = {}): Promise<number> {
    const definition = subscriptionNamed(subscription, this.#topology);
    const sender = this.#senderFor(definition.topic);
    return this.#settleDeadLetters(definition, options, async (message) => {
      await sender.sendMessages(toReplayMessage(message, definition, new Date()));
    });
  }

  async discardDeadLetters(subscription: string, options: ReplayOptions = {}): Promise<number> {
    const definition = subscriptionNamed(subscription, this.#topology);
    return this.#settleDeadLetters(definition, options, async () => undefined);
  }

  /** Receives dead letters (all, or those with the given ids), acts on each, then completes it. */
  async #settleDeadLetters(
    definition: SubscriptionDefinition,
    options: ReplayOptions,
    act: (message: ServiceBusReceivedMessage) => Promise<void>,
  ): Promise<number> {
    const wanted = options.ids ? new Set(options.ids) : undefined;
    const limit = options.limit ?? 1000;
    const receiver = this.#client.createReceiver(definition.topic, definition.consumer, {
      subQueueType: "deadLetter",
      receiveMode: "peekLock",
    });
    const skipped: ServiceBusReceivedMessage[] = [];
    let settled = 0;
    try {
      while (settled < limit) {
        const messages = await receiver.receiveMessages(Math.min(50, limit - settled), {
          maxWaitTimeInMs: this.#drainWaitMs,
        });
        if (messages.length === 0) break;
        for (const message of messages) {
          if (wanted && !wanted.has(String(message.sequenceNumber))) {
            // Kept locked until the end, so the loop does not receive it again.
            skipped.push(message);
            continue;
          }
          await act(message);
          await receiver.completeMessage(message);
          settled += 1;
        }
      }
    } finally {
      for (const message of skipped) await receiver.abandonMessage(message).catch(() => undefined);
      await receiver.close();
    }
    return settled;
  }
}
