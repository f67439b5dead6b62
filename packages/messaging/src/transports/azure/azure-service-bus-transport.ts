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
import { type AzureServiceBusConfig, type RetryPolicy, retryDelayMs } from "../../bus-config.ts";
import { deliver } from "../../delivery.ts";
import type {
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
  /** How long replaying waits for more dead letters before it considers the queue drained (default 2 s). */
  drainWaitMs?: number;
  /** Waits between a failed delivery and its abandon; a test passes a fake clock. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const DEFAULT_CONCURRENCY = 8;
const LOCK_RENEWAL_MS = 5 * 60_000;

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
 * (after its backoff, then abandoned) before the next one of its aggregate. Peek-lock throughout:
 * complete on success, abandon after a backoff on failure, dead-letter with reason and description
 * on the last allowed delivery or a PermanentFailure.
 */
export class AzureServiceBusEventBus implements EventBus {
  readonly #client: ServiceBusClientPort;
  readonly #retry: RetryPolicy;
  readonly #topology: Topology;
  readonly #log: Logger;
  readonly #sessionIdleMs: number;
  readonly #drainWaitMs: number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
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
    this.#drainWaitMs = options.drainWaitMs ?? 2_000;
    this.#sleep = options.sleep ?? abortableSleep;
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
      await Promise.all([...this.#senders.values()].map((sender) => sender.close().catch(() => undefined)));
      await this.#client.close();
    })();
    return this.#stopped;
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

  /** Takes one session at a time and drains it in order, until the bus stops. */
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
      try {
        while (!signal.aborted) {
          // One message at a time: the next one of this aggregate waits for this one's outcome.
          const [message] = await receiver.receiveMessages(1, {
            maxWaitTimeInMs: this.#sessionIdleMs,
            abortSignal: signal,
          });
          if (!message) break;
          await process(receiver, message);
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
        // The lock is renewed meanwhile; on a session nothing else of this aggregate runs either.
        await this.#sleep(retryDelayMs(this.#retry, context.deliveryCount), this.#consuming.signal);
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
