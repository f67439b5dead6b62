import {
  topology as declaredTopology,
  type EventEnvelope,
  subscribersOf,
  subscriptionNamed,
  type Topology,
} from "@ecommerce/contracts";
import pino, { type Logger } from "pino";
import { deliver } from "../delivery.ts";
import type {
  BusEntities,
  DeadLetter,
  DeadLetterQuery,
  EventBus,
  EventHandler,
  ReplayOptions,
  SubscribeOptions,
} from "../event-bus.ts";

interface Message {
  id: string;
  event: EventEnvelope;
  deliveries: number;
}

interface Consumer {
  bus: InMemoryEventBus;
  handler: EventHandler;
  validate: boolean;
  slots: number;
  busy: number;
  /** Deliveries running, until they are settled. */
  running: Set<Promise<void>>;
}

interface Queue {
  ordered: boolean;
  messages: Message[];
  deadLetters: DeadLetter[];
  inFlightSubjects: Set<string>;
  inFlight: number;
  consumers: Consumer[];
  nextConsumer: number;
}

/**
 * The shared "namespace" of in-memory buses: buses built on one broker see the same subscriptions,
 * so two of them compete for messages like two processes would.
 */
export class InMemoryBroker {
  readonly topology: Topology;
  readonly maxDeliveries: number;
  readonly queues = new Map<string, Queue>();
  /** Every event published, in order, for assertions. */
  readonly published: EventEnvelope[] = [];
  #sequence = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(options: { topology?: Topology; maxDeliveries?: number } = {}) {
    this.topology = options.topology ?? declaredTopology;
    this.maxDeliveries = options.maxDeliveries ?? 5;
    for (const subscription of this.topology.subscriptions) {
      this.queues.set(subscription.name, {
        ordered: subscription.ordered,
        messages: [],
        deadLetters: [],
        inFlightSubjects: new Set(),
        inFlight: 0,
        consumers: [],
        nextConsumer: 0,
      });
    }
  }

  nextId(): string {
    this.#sequence += 1;
    return String(this.#sequence);
  }

  enqueue(event: EventEnvelope): void {
    this.published.push(event);
    for (const subscription of subscribersOf(event.type, this.topology)) {
      this.queues.get(subscription.name)?.messages.push({ id: this.nextId(), event, deliveries: 0 });
    }
    this.pump();
  }

  /** Resolves when no message is queued for a subscription that has consumers, and none is in flight. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    for (const queue of this.queues.values()) {
      if (queue.inFlight > 0) return false;
      if (queue.consumers.length > 0 && queue.messages.length > 0) return false;
    }
    return true;
  }

  pump(): void {
    for (const [name, queue] of this.queues) {
      while (this.#dispatchOne(name, queue)) {}
    }
    if (this.#isIdle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #dispatchOne(name: string, queue: Queue): boolean {
    const consumers = queue.consumers.filter((c) => c.busy < c.slots && !c.bus.stopped);
    if (consumers.length === 0) return false;
    const index = queue.messages.findIndex(
      (m) => !queue.ordered || !queue.inFlightSubjects.has(m.event.subject),
    );
    if (index === -1) return false;
    const message = queue.messages[index]!;
    if (queue.ordered) {
      // Only the oldest message of a subject may go.
      const first = queue.messages.find((m) => m.event.subject === message.event.subject);
      if (first !== message) return false;
    }
    queue.messages.splice(index, 1);
    const consumer = consumers[queue.nextConsumer++ % consumers.length]!;
    consumer.busy += 1;
    queue.inFlight += 1;
    queue.inFlightSubjects.add(message.event.subject);
    message.deliveries += 1;
    const run = this.#run(name, queue, consumer, message).finally(() => consumer.running.delete(run));
    consumer.running.add(run);
    return true;
  }

  async #run(name: string, queue: Queue, consumer: Consumer, message: Message): Promise<void> {
    // A macrotask boundary, so a publish inside a handler never runs another handler re-entrantly.
    await new Promise((resolve) => setImmediate(resolve));
    const outcome = await deliver(
      structuredClone(message.event),
      { subscription: name, deliveryCount: message.deliveries, maxDeliveries: this.maxDeliveries },
      consumer.handler,
      { validate: consumer.validate, logger: consumer.bus.logger, system: "in-memory" },
    );
    consumer.busy -= 1;
    queue.inFlight -= 1;
    queue.inFlightSubjects.delete(message.event.subject);
    if (outcome.kind === "retry") queue.messages.unshift(message);
    if (outcome.kind === "dead-letter") {
      queue.deadLetters.push({
        id: message.id,
        subscription: name,
        event: message.event,
        reason: outcome.reason,
        description: outcome.description,
        deliveryCount: message.deliveries,
        deadLetteredAt: new Date(),
      });
    }
    this.pump();
  }
}

/**
 * A test double of the EventBus for services' unit tests: same routing (the topology), validation,
 * retries (immediate), dead letters and order per subject as the real transports, in memory. Only
 * under @ecommerce/messaging/testing, never selectable by configuration.
 */
export class InMemoryEventBus implements EventBus {
  readonly broker: InMemoryBroker;
  readonly logger: Logger;
  stopped = false;
  /** True once stopConsuming (or stop) has begun: its consumers take nothing more. */
  consumingStopped = false;

  constructor(broker: InMemoryBroker = new InMemoryBroker(), logger: Logger = pino({ level: "silent" })) {
    this.broker = broker;
    this.logger = logger;
  }

  /** Everything published on the broker, in order. */
  get published(): readonly EventEnvelope[] {
    return this.broker.published;
  }

  async start(): Promise<void> {}

  /** Removes this bus's consumers and waits for the handlers they have in flight. */
  async stopConsuming(): Promise<void> {
    this.consumingStopped = true;
    const running: Promise<void>[] = [];
    for (const queue of this.broker.queues.values()) {
      for (const consumer of queue.consumers) if (consumer.bus === this) running.push(...consumer.running);
      queue.consumers = queue.consumers.filter((c) => c.bus !== this);
    }
    await Promise.all(running);
  }

  /** Stops consuming, then waits for the broker to be idle (every other consumer's work done too). */
  async stop(): Promise<void> {
    await this.stopConsuming();
    this.stopped = true;
    await this.broker.idle();
  }

  /** Like a broker's: ready until stopped, for the entities its topology declares. */
  async checkReady(entities: BusEntities): Promise<void> {
    const problems: string[] = [];
    if (this.stopped) problems.push("the bus is stopped");
    const topics = new Set<string>(this.broker.topology.topics.map((topic) => topic.name));
    for (const topic of entities.topics) if (!topics.has(topic)) problems.push(`topic ${topic}: not found`);
    for (const subscription of entities.subscriptions) {
      if (!this.broker.queues.has(subscription)) problems.push(`subscription ${subscription}: not found`);
    }
    if (problems.length > 0) throw new Error(`bus not ready: ${problems.join("; ")}`);
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    for (const event of events) this.broker.enqueue(structuredClone(event));
  }

  async subscribe(
    subscription: string,
    handler: EventHandler,
    options: SubscribeOptions = {},
  ): Promise<void> {
    subscriptionNamed(subscription, this.broker.topology);
    if (this.consumingStopped) throw new Error("this bus has stopped consuming; subscribe on a new one");
    this.#queue(subscription).consumers.push({
      bus: this,
      handler,
      validate: options.validate ?? true,
      slots: options.concurrency ?? 8,
      busy: 0,
      running: new Set(),
    });
    this.broker.pump();
  }

  async deadLetters(subscription: string, query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    return this.#queue(subscription).deadLetters.slice(0, query.limit ?? 1000);
  }

  async replayDeadLetters(subscription: string, options: ReplayOptions = {}): Promise<number> {
    const queue = this.#queue(subscription);
    const chosen = queue.deadLetters
      .filter((letter) => !options.ids || options.ids.includes(letter.id))
      .slice(0, options.limit ?? 1000);
    queue.deadLetters = queue.deadLetters.filter((letter) => !chosen.includes(letter));
    for (const letter of chosen)
      queue.messages.push({ id: this.broker.nextId(), event: letter.event, deliveries: 0 });
    this.broker.pump();
    return chosen.length;
  }

  async discardDeadLetters(subscription: string, options: ReplayOptions = {}): Promise<number> {
    const queue = this.#queue(subscription);
    const before = queue.deadLetters.length;
    queue.deadLetters = queue.deadLetters.filter((letter) => options.ids && !options.ids.includes(letter.id));
    return before - queue.deadLetters.length;
  }

  /** Resolves once every delivered event has been handled (or dead-lettered). */
  idle(): Promise<void> {
    return this.broker.idle();
  }

  #queue(subscription: string): Queue {
    const queue = this.broker.queues.get(subscription);
    if (!queue) subscriptionNamed(subscription, this.broker.topology);
    return queue!;
  }
}
