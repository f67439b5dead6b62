import {
  topology as declaredTopology,
  type EventEnvelope,
  subscriptionNamed,
  type Topology,
} from "@ecommerce/contracts";
import { type Db, type JobInsert, type JobResult, type JobWithMetadata, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { PostgresBusConfig } from "../../bus-config.ts";
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
  deadLetterQueueOf,
  type ProvisionQueuesOptions,
  provisionQueues,
  retryOptions,
} from "./pg-boss-queues.ts";
import { PreparedStatementClient } from "./prepared-statement-client.ts";
import { publishLayers } from "./publish-layers.ts";

export interface PgBossEventBusOptions {
  /** Defaults to the contracts' topology. */
  topology?: Topology;
  /**
   * Create missing queues and routes on start (default true). Start never removes a route: that is
   * provision({ prune: true }), the provisioning command's job.
   */
  provision?: boolean;
  /** Connections of pg-boss's pool (default 10). */
  maxConnections?: number;
}

interface FailureOutput {
  reason?: string;
  description?: string;
  message?: string;
}

const DEFAULT_CONCURRENCY = 16;
const PREFETCH_PER_HANDLER = 8;
const MAX_PREFETCH = 1000;
const WORKERS = 2;
// Routes (event type → queues) are re-read at most this often: a subscription provisioned later gets
// the events published from then on, within this delay.
const ROUTES_TTL_MS = 1_000;

/** The lease is renewed four times per period, so one slow renewal does not lose it. */
function heartbeatRefreshOf(config: PostgresBusConfig): number {
  return Math.max(1, Math.floor(config.leaseSeconds / 4));
}

/** A lapsed lease is noticed within a fifth of its length after it lapses. */
function superviseIntervalOf(config: PostgresBusConfig): number {
  return Math.max(1, Math.floor(config.leaseSeconds / 5));
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

/**
 * The `postgres` transport: pg-boss queues in the bus database. Each subscription is a queue (with
 * its dead letter queue) subscribed, in pg-boss's pub/sub registry, to the event types it takes;
 * publishing inserts a batch's events into every queue registered for their type, one insert per
 * queue. Job id = event id, so a re-published event already in a queue is ignored. Ordered subscriptions
 * use the key_strict_fifo policy keyed by subject. Consumers are woken by LISTEN/NOTIFY.
 */
export class PgBossEventBus implements EventBus {
  readonly #config: PostgresBusConfig;
  readonly #topology: Topology;
  readonly #log: Logger;
  readonly #boss: PgBoss;
  readonly #provision: boolean;
  #started: Promise<void> | undefined;
  /** The queues this bus works on, for stopConsuming. */
  readonly #consumed = new Set<string>();
  #consumingStopped: Promise<void> | undefined;
  #routesCache: { at: number; routes: Promise<Map<string, string[]>> } | undefined;

  constructor(config: PostgresBusConfig, logger: Logger, options: PgBossEventBusOptions = {}) {
    this.#config = config;
    this.#topology = options.topology ?? declaredTopology;
    this.#provision = options.provision ?? true;
    this.#log = logger.child({ component: "event-bus", transport: "postgres" });
    this.#boss = new PgBoss({
      ...(config.connection ?? { connectionString: config.databaseUrl }),
      schema: config.schema,
      application_name: "event-bus",
      max: options.maxConnections ?? 10,
      // Consumers wake on NOTIFY rather than on their polling interval (see README for figures).
      useListenNotify: true,
      schedule: false,
      // The sweep that hands out again the jobs of a lapsed lease (or past their timeout) runs this
      // often; pg-boss's default, 60 s, left a dead consumer's work waiting a minute or more.
      superviseIntervalSeconds: superviseIntervalOf(config),
      // A queue's sweep is due only once per monitor interval (60 s by default) however often the
      // supervisor runs, so both move together.
      monitorIntervalSeconds: superviseIntervalOf(config),
      // pg-pool's extension point: pg-boss's statements run prepared (see prepared-statement-client.ts).
      Client: PreparedStatementClient,
    } as ConstructorParameters<typeof PgBoss>[0]);
    this.#boss.on("error", (err) => this.#log.error({ err }, "pg-boss error"));
    this.#boss.on("warning", (warning) => this.#log.warn({ warning }, "pg-boss warning"));
  }

  start(): Promise<void> {
    this.#started ??= (async () => {
      await this.#boss.start();
      if (this.#provision) await provisionQueues(this.#boss, this.#topology, this.#config, this.#log);
    })();
    return this.#started;
  }

  /**
   * What `pnpm bus provision` runs: creates what is missing, as start() does, and with `prune` also
   * removes the routes into the topology's queues that it no longer declares. Returns the changes.
   */
  async provision(options: ProvisionQueuesOptions = {}): Promise<string[]> {
    await this.start();
    const changes = await provisionQueues(this.#boss, this.#topology, this.#config, this.#log, options);
    this.#routesCache = undefined;
    return changes;
  }

  /**
   * Stops every worker of this bus (offWork), waiting for the batches they hold: pg-boss fetched
   * those jobs (made them active), so they are handled and settled rather than left to expire.
   */
  stopConsuming(): Promise<void> {
    this.#consumingStopped ??= Promise.all(
      [...this.#consumed].map((queue) => this.#boss.offWork(queue, { wait: true })),
    ).then(() => this.#log.info({ queues: [...this.#consumed] }, "stopped consuming"));
    return this.#consumingStopped;
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    await this.#started.catch(() => undefined);
    await this.stopConsuming();
    this.#started = undefined;
    await this.#boss.stop({ graceful: true, timeout: 30_000 });
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    await withProducerSpans("pg-boss", events, (sent) => this.#publish(sent));
  }

  async #publish(events: readonly EventEnvelope[]): Promise<void> {
    await this.start();
    const queuesOf = await this.#routes();
    // No transaction around the inserts: a job's id is its event's id and an insert skips ids its
    // queue already holds, so re-publishing after a partial failure adds only what is missing.
    for (const layer of publishLayers(events)) {
      const jobs = new Map<string, JobInsert<EventEnvelope>[]>();
      for (const event of layer) {
        for (const queue of queuesOf.get(event.type) ?? []) {
          const list = jobs.get(queue) ?? [];
          list.push({ id: event.id, data: event, singletonKey: event.subject });
          jobs.set(queue, list);
        }
      }
      await Promise.all([...jobs].map(([queue, list]) => this.#boss.insert(queue, list)));
    }
  }

  /**
   * pg-boss's pub/sub registry (what subscribe() registered), read in one query for every type
   * rather than once per event as publish() would, and kept for ROUTES_TTL_MS.
   */
  #routes(): Promise<Map<string, string[]>> {
    const now = Date.now();
    if (this.#routesCache && now - this.#routesCache.at < ROUTES_TTL_MS) return this.#routesCache.routes;
    const routes = (async () => {
      const { rows } = await this.#boss
        .getDb()
        .executeSql(`SELECT event, name FROM ${this.#config.schema}.subscription ORDER BY event, name`);
      const byType = new Map<string, string[]>();
      for (const row of rows as { event: string; name: string }[]) {
        byType.set(row.event, [...(byType.get(row.event) ?? []), row.name]);
      }
      return byType;
    })();
    this.#routesCache = { at: now, routes };
    routes.catch(() => {
      if (this.#routesCache?.routes === routes) this.#routesCache = undefined;
    });
    return routes;
  }

  async subscribe(
    subscription: string,
    handler: EventHandler,
    options: SubscribeOptions = {},
  ): Promise<void> {
    const definition = subscriptionNamed(subscription, this.#topology);
    this.#refuseAfterStopConsuming();
    await this.start();
    // The consumer owns its subscription's retry policy; jobs take it when they are queued.
    await this.#boss.updateQueue(definition.name, retryOptions(this.#config));
    // Checked again: stopConsuming may have begun while this waited, and would miss this worker.
    this.#refuseAfterStopConsuming();
    this.#consumed.add(definition.name);
    const validate = options.validate ?? true;
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    const fetchLoops = Math.max(1, Math.min(WORKERS, concurrency));
    const lanes = Math.max(1, Math.ceil(concurrency / fetchLoops));
    const workOptions = {
      // Two fetch loops: while one runs its batch, the other can take what arrived meanwhile.
      localConcurrency: fetchLoops,
      // Fetching a key-FIFO queue reads its whole backlog to find each subject's head, so a fetch
      // costs about the same for 1 job as for 500: fetch many, run `lanes` at a time.
      batchSize: Math.min(
        MAX_PREFETCH,
        Math.ceil((options.prefetch ?? concurrency * PREFETCH_PER_HANDLER) / fetchLoops),
      ),
      includeMetadata: true,
      perJobResults: true,
      pollingIntervalSeconds: this.#config.pollIntervalSeconds,
      notifyPollingIntervalSeconds: this.#config.pollIntervalSeconds,
      burstWhenBatchFull: true,
      heartbeatRefreshSeconds: heartbeatRefreshOf(this.#config),
    } as const;
    let workers: string[] = [];
    const workId = await this.#boss.work<EventEnvelope, unknown, typeof workOptions>(
      definition.name,
      workOptions,
      async (jobs) => {
        const results = await mapLimited(jobs, lanes, (job) =>
          this.#handle(job, subscription, handler, validate),
        );
        // Settling a job of an ordered queue releases the next one of its subject, and nothing
        // NOTIFYs that: have the workers fetch again right after settling, not at their next poll.
        if (definition.ordered) for (const worker of workers) this.#boss.notifyWorker(worker);
        return results;
      },
    );
    workers = this.#boss
      .getWipData()
      .filter((worker) => worker.workId === workId)
      .map((worker) => worker.id);
  }

  #refuseAfterStopConsuming(): void {
    if (this.#consumingStopped) throw new Error("this bus has stopped consuming; subscribe on a new one");
  }

  async #handle(
    job: JobWithMetadata<EventEnvelope>,
    subscription: string,
    handler: EventHandler,
    validate: boolean,
  ): Promise<JobResult> {
    const context = { subscription, deliveryCount: job.retryCount + 1, maxDeliveries: job.retryLimit + 1 };
    const outcome = await deliver(job.data, context, handler, {
      validate,
      logger: this.#log,
      system: "pg-boss",
    });
    switch (outcome.kind) {
      case "completed":
        return { id: job.id, status: "completed" };
      case "retry":
        return {
          id: job.id,
          status: "failed",
          output: { reason: "HandlerFailed", description: outcome.description },
        };
      case "dead-letter":
        return {
          id: job.id,
          status: "deadletter",
          output: { reason: outcome.reason, description: outcome.description },
        };
    }
  }

  async deadLetters(subscription: string, query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    subscriptionNamed(subscription, this.#topology);
    await this.start();
    const jobs = await this.#boss.findJobs<EventEnvelope>(deadLetterQueueOf(subscription), {
      queued: true,
      limit: query.limit ?? 1000,
    });
    return jobs.map((job) => {
      const output = (job.sourceOutput ?? {}) as FailureOutput;
      return {
        id: job.id,
        subscription,
        event: job.data,
        reason: output.reason ?? "Failed",
        description: output.description ?? output.message ?? JSON.stringify(job.sourceOutput),
        deliveryCount: (job.sourceRetryCount ?? 0) + 1,
        deadLetteredAt: job.createdOn,
      };
    });
  }

  /**
   * Puts dead letters back for another `maxDeliveries` deliveries. The failed original is retried
   * in place, keeping its position ahead of the later events of its subject that it held back; when
   * it is gone (retention), the dead letter is redriven as a new job at the end of the queue.
   */
  async replayDeadLetters(subscription: string, options: ReplayOptions = {}): Promise<number> {
    const letters = await this.#selectDeadLetters(subscription, options);
    let replayed = 0;
    for (const letter of letters) {
      const tx = await this.#transaction();
      try {
        let retried = false;
        if (letter.sourceName && letter.sourceId) {
          const result = (await this.#boss.retry(letter.sourceName, letter.sourceId, { db: tx.db })) as {
            affected?: number;
          };
          if (result.affected === 1) {
            await this.#boss.update(letter.sourceName, undefined, {
              id: letter.sourceId,
              retryLimit: (letter.sourceRetryCount ?? 0) + this.#config.retry.maxDeliveries,
              db: tx.db,
            });
            await this.#boss.deleteJob(letter.name, letter.id, { db: tx.db });
            retried = true;
          }
        }
        const moved = retried ? 1 : await this.#boss.redrive(letter.name, { ids: [letter.id], db: tx.db });
        await tx.commit();
        replayed += moved;
        this.#log.info(
          { subscription, eventId: letter.data?.id, inPlace: retried },
          "replayed a dead letter",
        );
      } catch (error) {
        await tx.rollback();
        throw error;
      }
    }
    return replayed;
  }

  /** Deletes dead letters for good, releasing the later events of their subjects. */
  async discardDeadLetters(subscription: string, options: ReplayOptions = {}): Promise<number> {
    const letters = await this.#selectDeadLetters(subscription, options);
    for (const letter of letters) {
      const tx = await this.#transaction();
      try {
        if (letter.sourceName && letter.sourceId) {
          await this.#boss.deleteJob(letter.sourceName, letter.sourceId, { db: tx.db });
        }
        await this.#boss.deleteJob(letter.name, letter.id, { db: tx.db });
        await tx.commit();
      } catch (error) {
        await tx.rollback();
        throw error;
      }
    }
    return letters.length;
  }

  async #selectDeadLetters(
    subscription: string,
    options: ReplayOptions,
  ): Promise<JobWithMetadata<EventEnvelope>[]> {
    subscriptionNamed(subscription, this.#topology);
    await this.start();
    const jobs = await this.#boss.findJobs<EventEnvelope>(deadLetterQueueOf(subscription), {
      queued: true,
      limit: options.limit ?? 1000,
    });
    const wanted = options.ids ? new Set(options.ids) : undefined;
    return wanted ? jobs.filter((job) => wanted.has(job.id)) : jobs;
  }

  async #transaction(): Promise<{ db: Db; commit(): Promise<void>; rollback(): Promise<void> }> {
    const db = this.#boss.getDb();
    if (!db.beginTransaction) throw new Error("pg-boss's database cannot open transactions");
    return db.beginTransaction();
  }
}
