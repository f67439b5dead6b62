import type {
  CorrelationRuleFilter,
  CreateSubscriptionOptions,
  CreateTopicOptions,
  RuleProperties,
  ServiceBusMessage,
  ServiceBusMessageBatch,
  ServiceBusReceivedMessage,
  ServiceBusReceiverOptions,
  ServiceBusSessionReceiverOptions,
  SqlRuleFilter,
  SubscriptionProperties,
  TopicProperties,
} from "@azure/service-bus";
import { ServiceBusError } from "@azure/service-bus";
import type {
  AdministrationClientPort,
  ReceiverPort,
  SenderPort,
  ServiceBusClientPort,
  SessionReceiverPort,
} from "../../src/transports/azure/azure-clients.ts";

/**
 * A Service Bus namespace in memory, behind the SDK's own client interfaces (the slices the
 * transport uses): topics, subscriptions with rules (correlation filters on subject and
 * application properties, `$Default` matching everything), duplicate detection on messageId,
 * peek-lock with complete/abandon/dead-letter, sessions locked to one receiver, dead letter
 * subqueues. Like the broker, the AMQP delivery count it reports starts at 0 (see
 * deliveryNumberOf). Every settlement is recorded for assertions.
 */

interface StoredMessage {
  message: ServiceBusMessage;
  sequenceNumber: number;
  /** AMQP header delivery-count: previous deliveries. */
  deliveryCount: number;
  locked: boolean;
  enqueuedTimeUtc: Date;
  deadLetter?: { reason: string; description: string; properties: Record<string, unknown> };
}

interface Subscription {
  properties: SubscriptionProperties;
  rules: Map<string, RuleProperties>;
  active: StoredMessage[];
  deadLettered: StoredMessage[];
  lockedSessions: Set<string>;
}

interface Topic {
  properties: TopicProperties;
  seenMessageIds: Set<string>;
  subscriptions: Map<string, Subscription>;
}

export type Settlement =
  | { kind: "complete" | "abandon"; messageId: string; properties?: Record<string, unknown> }
  | { kind: "deadLetter"; messageId: string; reason: string; description: string };

const MAX_BATCH_BYTES = 256 * 1024;

function sizeOf(message: ServiceBusMessage): number {
  const body = Buffer.isBuffer(message.body)
    ? message.body.length
    : JSON.stringify(message.body ?? null).length;
  return body + JSON.stringify(message.applicationProperties ?? {}).length + 200;
}

function matches(filter: SqlRuleFilter | CorrelationRuleFilter, message: ServiceBusMessage): boolean {
  if ("sqlExpression" in filter) return filter.sqlExpression.trim() === "1=1";
  if (filter.subject !== undefined && filter.subject !== message.subject) return false;
  for (const [key, value] of Object.entries(filter.applicationProperties ?? {})) {
    if (message.applicationProperties?.[key] !== value) return false;
  }
  return true;
}

function sequence(n: number) {
  // The transport only ever prints a sequence number; the SDK's Long does the same.
  return {
    toString: () => String(n),
    toNumber: () => n,
  } as unknown as ServiceBusReceivedMessage["sequenceNumber"];
}

function toReceived(stored: StoredMessage): ServiceBusReceivedMessage {
  return {
    ...stored.message,
    applicationProperties: {
      ...stored.message.applicationProperties,
      ...stored.deadLetter?.properties,
    } as Record<string, string>,
    deliveryCount: stored.deliveryCount,
    sequenceNumber: sequence(stored.sequenceNumber),
    enqueuedTimeUtc: stored.enqueuedTimeUtc,
    lockToken: String(stored.sequenceNumber),
    deadLetterReason: stored.deadLetter?.reason,
    deadLetterErrorDescription: stored.deadLetter?.description,
    state: "active",
    _rawAmqpMessage: {} as ServiceBusReceivedMessage["_rawAmqpMessage"],
  };
}

function pagedOf<T>(items: T[]) {
  const iterator = (async function* () {
    yield* items;
  })();
  return Object.assign(iterator, {
    byPage: () =>
      (async function* () {
        yield items;
      })(),
    [Symbol.asyncIterator]() {
      return this;
    },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One acceptance of a session by a receiver, until it was closed. */
export interface SessionHold {
  sessionId: string;
  /** Messages settled under this acceptance. */
  settled: number;
  /** The lock ran out (past the SDK's renewal window) while the receiver still held it. */
  lockLost: boolean;
}

export class FakeServiceBusNamespace implements ServiceBusClientPort {
  readonly topics = new Map<string, Topic>();
  /** Every session acceptance, in order. */
  readonly sessionHolds: SessionHold[] = [];
  /** While true every operation fails as when the namespace cannot be reached. */
  unreachable = false;
  readonly #now: () => number;
  readonly settlements: Settlement[] = [];
  readonly sent: ServiceBusMessage[] = [];
  #sequence = 0;
  closed = false;

  /** `now`: the clock session locks run out on (the SDK renews them for a bounded window). */
  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  #reach(): void {
    if (this.unreachable) {
      throw new ServiceBusError(
        "getaddrinfo ENOTFOUND shop.servicebus.windows.net",
        "ServiceCommunicationProblem",
      );
    }
  }

  // ---- ServiceBusClient ----

  createSender(topicName: string): SenderPort {
    const namespace = this;
    return {
      async createMessageBatch() {
        // Opens the sender link, as the SDK does: the topic must exist.
        namespace.#reach();
        namespace.#topic(topicName);
        const messages: ServiceBusMessage[] = [];
        let size = 0;
        const batch = {
          get count() {
            return messages.length;
          },
          get sizeInBytes() {
            return size;
          },
          maxSizeInBytes: MAX_BATCH_BYTES,
          tryAddMessage(message: ServiceBusMessage) {
            if (size + sizeOf(message) > MAX_BATCH_BYTES) return false;
            size += sizeOf(message);
            messages.push(message);
            return true;
          },
          messages,
        };
        return batch as unknown as ServiceBusMessageBatch;
      },
      async sendMessages(messages) {
        namespace.#reach();
        const list = Array.isArray(messages)
          ? messages
          : "tryAddMessage" in messages
            ? (messages as unknown as { messages: ServiceBusMessage[] }).messages
            : [messages];
        for (const message of list as ServiceBusMessage[]) namespace.#route(topicName, message);
      },
      async close() {},
    };
  }

  createReceiver(
    topicName: string,
    subscriptionName: string,
    options: ServiceBusReceiverOptions = {},
  ): ReceiverPort {
    const subscription = this.#subscription(topicName, subscriptionName);
    const deadLetter = options.subQueueType === "deadLetter";
    const source = () => (deadLetter ? subscription.deadLettered : subscription.active);
    return this.#receiver(
      subscription,
      source,
      () => true,
      () => undefined,
    );
  }

  async acceptNextSession(
    topicName: string,
    subscriptionName: string,
    options: ServiceBusSessionReceiverOptions = {},
  ): Promise<SessionReceiverPort> {
    this.#reach();
    const subscription = this.#subscription(topicName, subscriptionName);
    const deadline = Date.now() + 100;
    for (;;) {
      if (options.abortSignal?.aborted) throw new Error("The operation was aborted.");
      const free = subscription.active.find(
        (m) => m.message.sessionId !== undefined && !subscription.lockedSessions.has(m.message.sessionId),
      );
      if (free) {
        const sessionId = free.message.sessionId!;
        subscription.lockedSessions.add(sessionId);
        const hold: SessionHold = { sessionId, settled: 0, lockLost: false };
        this.sessionHolds.push(hold);
        // The SDK renews the session lock until this long after acceptance, then it runs out.
        const lockedUntil = this.#now() + (options.maxAutoLockRenewalDurationInMs ?? 300_000);
        const receiver: ReceiverPort = this.#receiver(
          subscription,
          () => subscription.active,
          (m) => m.message.sessionId === sessionId,
          () => subscription.lockedSessions.delete(sessionId),
          {
            check: () => {
              if (hold.lockLost || this.#now() <= lockedUntil) return;
              hold.lockLost = true;
              void receiver.close();
            },
            settled: () => {
              hold.settled += 1;
            },
            lost: () => hold.lockLost,
          },
        );
        return Object.assign(receiver, { sessionId });
      }
      if (Date.now() > deadline) throw new ServiceBusError("no unlocked session", "ServiceTimeout");
      await sleep(5);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  // ---- ServiceBusAdministrationClient ----

  readonly admin: AdministrationClientPort = {
    topicExists: async (name) => this.topics.has(name),
    createTopic: async (name, options: CreateTopicOptions = {}) => {
      const properties = {
        name,
        requiresDuplicateDetection: options.requiresDuplicateDetection ?? false,
        duplicateDetectionHistoryTimeWindow: options.duplicateDetectionHistoryTimeWindow ?? "PT10M",
      } as TopicProperties;
      this.topics.set(name, { properties, seenMessageIds: new Set(), subscriptions: new Map() });
      return properties as never;
    },
    getTopic: async (name) => ({ ...this.#topic(name).properties }) as never,
    updateTopic: async (properties) => {
      const topic = this.#topic(properties.name);
      // Like the broker: duplicate detection is fixed when the topic is created.
      topic.properties = {
        ...properties,
        requiresDuplicateDetection: topic.properties.requiresDuplicateDetection,
      };
      return topic.properties as never;
    },
    subscriptionExists: async (topic, name) => !!this.topics.get(topic)?.subscriptions.has(name),
    createSubscription: async (topic, name, options: CreateSubscriptionOptions = {}) => {
      const rule = options.defaultRuleOptions ?? { name: "$Default", filter: { sqlExpression: "1=1" } };
      const subscription: Subscription = {
        properties: {
          topicName: topic,
          subscriptionName: name,
          requiresSession: options.requiresSession ?? false,
          maxDeliveryCount: options.maxDeliveryCount ?? 10,
          lockDuration: options.lockDuration ?? "PT1M",
        } as SubscriptionProperties,
        rules: new Map([[rule.name, { name: rule.name, filter: rule.filter, action: {} } as RuleProperties]]),
        active: [],
        deadLettered: [],
        lockedSessions: new Set(),
      };
      this.#topic(topic).subscriptions.set(name, subscription);
      return subscription.properties as never;
    },
    getSubscription: async (topic, name) => ({ ...this.#subscription(topic, name).properties }) as never,
    updateSubscription: async (properties) => {
      const subscription = this.#subscription(properties.topicName, properties.subscriptionName);
      subscription.properties = { ...properties, requiresSession: subscription.properties.requiresSession };
      return subscription.properties as never;
    },
    listRules: ((topic: string, name: string) =>
      pagedOf([
        ...this.#subscription(topic, name).rules.values(),
      ])) as unknown as AdministrationClientPort["listRules"],
    createRule: (async (topic: string, name: string, ruleName: string, filter: RuleProperties["filter"]) => {
      const rules = this.#subscription(topic, name).rules;
      if (rules.has(ruleName))
        throw new ServiceBusError(`rule ${ruleName} exists`, "MessagingEntityAlreadyExists");
      rules.set(ruleName, { name: ruleName, filter, action: {} } as RuleProperties);
      return {} as never;
    }) as AdministrationClientPort["createRule"],
    deleteRule: async (topic, name, ruleName) => {
      this.#subscription(topic, name).rules.delete(ruleName);
      return {} as never;
    },
  };

  // ---- inspection ----

  subscription(topic: string, name: string) {
    return this.#subscription(topic, name);
  }

  // ---- broker behaviour ----

  #topic(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new ServiceBusError(`topic ${name} does not exist`, "MessagingEntityNotFound");
    return topic;
  }

  #subscription(topic: string, name: string): Subscription {
    const subscription = this.#topic(topic).subscriptions.get(name);
    if (!subscription)
      throw new ServiceBusError(`subscription ${topic}/${name} does not exist`, "MessagingEntityNotFound");
    return subscription;
  }

  #route(topicName: string, message: ServiceBusMessage): void {
    const topic = this.#topic(topicName);
    this.sent.push(message);
    const id = String(message.messageId);
    if (topic.properties.requiresDuplicateDetection) {
      if (topic.seenMessageIds.has(id)) return; // duplicate detection: accepted and dropped
      topic.seenMessageIds.add(id);
    }
    for (const subscription of topic.subscriptions.values()) {
      if (![...subscription.rules.values()].some((rule) => matches(rule.filter, message))) continue;
      if (subscription.properties.requiresSession && !message.sessionId) {
        throw new ServiceBusError("a session subscription needs a sessionId", "GeneralError");
      }
      this.#sequence += 1;
      subscription.active.push({
        message: structuredClone(message),
        sequenceNumber: this.#sequence,
        deliveryCount: 0,
        locked: false,
        enqueuedTimeUtc: new Date(),
      });
    }
  }

  #receiver(
    subscription: Subscription,
    source: () => StoredMessage[],
    selects: (m: StoredMessage) => boolean,
    onClose: () => void,
    session?: { check(): void; settled(): void; lost(): boolean },
  ): ReceiverPort {
    const namespace = this;
    const held = new Set<StoredMessage>();
    let closed = false;
    const guard = () => {
      namespace.#reach();
      session?.check();
      if (session?.lost()) throw new ServiceBusError("the session lock was lost", "SessionLockLost");
    };
    const find = (message: ServiceBusReceivedMessage) => {
      guard();
      const stored = source().find((m) => String(m.sequenceNumber) === String(message.sequenceNumber));
      if (!stored || !held.has(stored)) throw new ServiceBusError("lock lost", "MessageLockLost");
      held.delete(stored);
      session?.settled();
      return stored;
    };
    const take = (max: number) => {
      const available = source()
        .filter((m) => !m.locked && selects(m))
        .slice(0, max);
      for (const m of available) {
        m.locked = true;
        held.add(m);
      }
      return available.map(toReceived);
    };
    const release = (stored: StoredMessage) => {
      stored.locked = false;
      stored.deliveryCount += 1;
    };
    const receiver: ReceiverPort = {
      async receiveMessages(max, options = {}) {
        const deadline = Date.now() + (options.maxWaitTimeInMs ?? 60_000);
        for (;;) {
          guard();
          if (closed) throw new ServiceBusError("receiver closed", "GeneralError");
          const taken = take(max);
          if (taken.length > 0 || Date.now() >= deadline) return taken;
          await sleep(5);
        }
      },
      async peekMessages(max) {
        guard();
        return source().slice(0, max).map(toReceived);
      },
      async completeMessage(message) {
        const stored = find(message);
        source().splice(source().indexOf(stored), 1);
        namespace.settlements.push({ kind: "complete", messageId: String(message.messageId) });
      },
      async abandonMessage(message, properties) {
        const stored = find(message);
        stored.message.applicationProperties = { ...stored.message.applicationProperties, ...properties };
        release(stored);
        namespace.settlements.push({ kind: "abandon", messageId: String(message.messageId), properties });
        if (
          stored.deliveryCount >= subscription.properties.maxDeliveryCount &&
          source() === subscription.active
        ) {
          source().splice(source().indexOf(stored), 1);
          stored.deadLetter = { reason: "MaxDeliveryCountExceeded", description: "broker", properties: {} };
          subscription.deadLettered.push(stored);
        }
      },
      async deadLetterMessage(message, options) {
        const stored = find(message);
        const { deadLetterReason, deadLetterErrorDescription, ...properties } = options ?? {
          deadLetterReason: "",
          deadLetterErrorDescription: "",
        };
        source().splice(source().indexOf(stored), 1);
        stored.locked = false;
        stored.deadLetter = { reason: deadLetterReason, description: deadLetterErrorDescription, properties };
        subscription.deadLettered.push(stored);
        namespace.settlements.push({
          kind: "deadLetter",
          messageId: String(message.messageId),
          reason: deadLetterReason,
          description: deadLetterErrorDescription,
        });
      },
      subscribe(handlers, options = {}) {
        let running = true;
        const loop = async () => {
          while (running && !closed) {
            const [message] = take(1);
            if (!message) {
              await sleep(5);
              continue;
            }
            try {
              await handlers.processMessage(message);
            } catch (error) {
              await handlers.processError({
                error: error as Error,
                errorSource: "processMessageCallback",
                entityPath: "",
                fullyQualifiedNamespace: "fake",
                identifier: "fake",
              });
            }
          }
        };
        for (let i = 0; i < (options.maxConcurrentCalls ?? 1); i++) void loop();
        return {
          // Like the SDK's (stopReceivingMessages): no message is taken from now on, but the
          // processMessage calls in flight are not waited for.
          async close() {
            running = false;
          },
        };
      },
      async close() {
        if (closed) return;
        closed = true;
        // Messages still locked go back, as when a lock expires.
        for (const stored of held) release(stored);
        held.clear();
        onClose();
      },
    };
    return receiver;
  }
}
