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
    heartbeatSeconds: config.leaseSeconds,
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

export interface ProvisionQueuesOptions {
  /**
   * Also remove the routes into the topology's queues that it does not declare. Only the explicit
   * provisioning command (`pnpm bus provision`) prunes: a bus starting during a rolling deploy may
   * run an older contracts version than its neighbours and must not take away the routes a newer
   * version has added.
   */
  prune?: boolean;
  /** Called with each change as it is made (the CLI prints them). */
  onProgress?: (line: string) => void;
}

/**
 * Creates the queues of the topology that are missing (one per subscription, each with a dead
 * letter queue) and registers its routes (event type → queue) in pg-boss's pub/sub registry; with
 * `prune`, also removes routes into those queues that the topology does not declare. Idempotent and
 * safe to run from several processes at once; existing queues keep their settings. Returns what it
 * changed; an empty list means the bus database already had everything.
 */
export async function provisionQueues(
  boss: PgBoss,
  topology: Topology,
  config: PostgresBusConfig,
  logger: Logger,
  options: ProvisionQueuesOptions = {},
): Promise<string[]> {
  const changes: string[] = [];
  const change = (line: string, details: Record<string, unknown>) => {
    changes.push(line);
    logger.info(details, line);
    options.onProgress?.(line);
  };

  const existing = new Map((await boss.getQueues(undefined, { limit: 100_000 })).map((q) => [q.name, q]));
  for (const subscription of topology.subscriptions) {
    const deadLetter = deadLetterQueueOf(subscription.name);
    if (!existing.has(deadLetter)) {
      await boss.createQueue(deadLetter, {
        retentionSeconds: KEEP_QUEUED_SECONDS,
        deleteAfterSeconds: KEEP_FINISHED_SECONDS,
      });
      change(`created dead letter queue ${deadLetter}`, { queue: deadLetter });
    }
    const queue = existing.get(subscription.name);
    const wanted = queueOptions(subscription, config);
    if (!queue) {
      await boss.createQueue(subscription.name, wanted);
      change(`created queue ${subscription.name} (${wanted.policy})`, {
        queue: subscription.name,
        policy: wanted.policy,
      });
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
      if (registered.has(`${type} ${subscription.name}`)) continue;
      await boss.subscribe(type, subscription.name);
      change(`routed ${type} to ${subscription.name}`, { event: type, queue: subscription.name });
    }
  }
  const undeclared = [...registered]
    .filter((pair) => !declared.has(pair))
    .map((pair) => pair.split(" ") as [string, string]);
  for (const [event, name] of undeclared) {
    if (!options.prune) {
      logger.info(
        { event, queue: name },
        "kept a route this topology does not declare (a newer version's, or stale: `pnpm bus provision` removes it)",
      );
      continue;
    }
    await boss.unsubscribe(event, name);
    change(`removed route ${event} to ${name}, which the topology no longer declares`, {
      event,
      queue: name,
    });
  }
  return changes;
}
