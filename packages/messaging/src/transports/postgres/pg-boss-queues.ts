import type { SubscriptionDefinition, Topology } from "@ecommerce/contracts";
import type { PgBoss, Queue } from "pg-boss";
import type { Logger } from "pino";
import type { PostgresBusConfig } from "../../bus-config.ts";

/** The dead letter queue of a subscription's queue. */
export function deadLetterQueueOf(subscription: string): string {
  return `${subscription}.dead-letter`;
}

// Neither waiting events nor dead letters expire: like Service Bus's default TTL, only people decide.
const KEEP_QUEUED_SECONDS = 10 * 365 * 24 * 3600;
// Finished jobs (and a dead letter's failed original, which holds its subject back) are kept a week.
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

/** Retry settings of a subscription queue; its consumer's configuration decides them. */
export function retryOptions(config: PostgresBusConfig): Omit<Queue, "name" | "policy" | "deadLetter"> {
  const { retry } = config;
  const backoff = retry.backoff && retry.delaySeconds > 0;
  return {
    retryLimit: retry.maxDeliveries - 1,
    retryDelay: retry.delaySeconds,
    retryBackoff: backoff,
    // pg-boss only takes a cap with backoff; without it updateQueue must clear a previous one.
    ...(backoff ? { retryDelayMax: retry.maxDelaySeconds } : {}),
    expireInSeconds: config.handlerTimeoutSeconds,
    retentionSeconds: KEEP_QUEUED_SECONDS,
    deleteAfterSeconds: KEEP_FINISHED_SECONDS,
  };
}

function queueOptions(subscription: SubscriptionDefinition, config: PostgresBusConfig): Omit<Queue, "name"> {
  return {
    // key_strict_fifo: one job per singletonKey (the subject) in flight, and a job in retry or
    // failed holds back the later ones of its subject: order per aggregate survives retries.
    policy: subscription.ordered ? "key_strict_fifo" : "standard",
    deadLetter: deadLetterQueueOf(subscription.name),
    notify: true,
    ...retryOptions(config),
  };
}

/**
 * Creates the queues of the topology that are missing (one per subscription, each with a dead
 * letter queue) and makes pg-boss's pub/sub registry (event type → queues) match it. Idempotent and
 * safe to run from several processes at once; existing queues keep their settings.
 */
export async function provisionQueues(
  boss: PgBoss,
  topology: Topology,
  config: PostgresBusConfig,
  logger: Logger,
): Promise<void> {
  const existing = new Map((await boss.getQueues(undefined, { limit: 100_000 })).map((q) => [q.name, q]));
  for (const subscription of topology.subscriptions) {
    const deadLetter = deadLetterQueueOf(subscription.name);
    if (!existing.has(deadLetter)) {
      await boss.createQueue(deadLetter, {
        retentionSeconds: KEEP_QUEUED_SECONDS,
        deleteAfterSeconds: KEEP_FINISHED_SECONDS,
      });
      logger.info({ queue: deadLetter }, "created dead letter queue");
    }
    const queue = existing.get(subscription.name);
    const wanted = queueOptions(subscription, config);
    if (!queue) {
      await boss.createQueue(subscription.name, wanted);
      logger.info({ queue: subscription.name, policy: wanted.policy }, "created subscription queue");
    } else if (queue.policy !== wanted.policy) {
      // A queue's policy cannot change in place; moving it is an operation, not a start-up side effect.
      logger.error(
        { queue: subscription.name, policy: queue.policy, wanted: wanted.policy },
        "subscription queue has another policy than the topology declares; recreate it to change ordering",
      );
    }
  }

  const declared = new Set(
    topology.subscriptions.flatMap((s) => s.eventTypes.map((type) => `${type} ${s.name}`)),
  );
  const { rows } = await boss
    .getDb()
    .executeSql(`SELECT event, name FROM ${config.schema}.subscription WHERE name = ANY($1::text[])`, [
      topology.subscriptions.map((s) => s.name),
    ]);
  const registered = new Set(rows.map((row: { event: string; name: string }) => `${row.event} ${row.name}`));
  for (const subscription of topology.subscriptions) {
    for (const type of subscription.eventTypes) {
      if (!registered.has(`${type} ${subscription.name}`)) await boss.subscribe(type, subscription.name);
    }
  }
  for (const pair of registered) {
    if (declared.has(pair)) continue;
    const [event, name] = pair.split(" ") as [string, string];
    await boss.unsubscribe(event, name);
    logger.info({ event, queue: name }, "removed a subscription the topology no longer declares");
  }
}
