import type { CorrelationRuleFilter, RuleProperties, SqlRuleFilter } from "@azure/service-bus";
import type { SubscriptionDefinition, Topology } from "@ecommerce/contracts";
import type { AdministrationClientPort } from "./azure-clients.ts";
import { replaySubjectOf } from "./azure-message-mapping.ts";

export interface ProvisionOptions {
  /** Broker-side MaxDeliveryCount, a safety net behind the bus's own dead-lettering (default 5). */
  maxDeliveries?: number;
  /** ISO 8601 duration; the SDK renews locks while a handler runs (default PT1M). */
  lockDuration?: string;
  /** Duplicate detection on messageId = event id (default PT10M). */
  duplicateDetectionWindow?: string;
  onProgress?: (line: string) => void;
}

export interface DesiredRule {
  name: string;
  filter: CorrelationRuleFilter;
}

/**
 * The rules of a subscription: one correlation filter on `subject` per event type it takes (named
 * `<event-name>.v<version>`), and `replay`, matching only dead letters replayed to it.
 */
export function rulesOf(subscription: SubscriptionDefinition): DesiredRule[] {
  return [
    ...subscription.eventTypes.map((type) => ({
      name: type.split(".").slice(2).join("."),
      filter: { subject: type },
    })),
    { name: "replay", filter: { subject: replaySubjectOf(subscription) } },
  ];
}

/** Milliseconds of an ISO 8601 duration as Service Bus writes them (`PT10M`, `P1DT2H`, `PT0.5S`). */
export function durationMs(duration: string): number | undefined {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return (
    (Number(days ?? 0) * 86_400 +
      Number(hours ?? 0) * 3_600 +
      Number(minutes ?? 0) * 60 +
      Number(seconds ?? 0)) *
    1_000
  );
}

const sameDuration = (a: string | undefined, b: string) =>
  a !== undefined && (a === b || (durationMs(a) !== undefined && durationMs(a) === durationMs(b)));

/**
 * What provisioning cannot repair in place (Service Bus fixes these at creation): a topic without
 * duplicate detection, a subscription whose sessions differ from the topology. Each is one problem,
 * saying what to do; the namespace is otherwise provisioned before this is thrown.
 */
export class TopologyDriftError extends Error {
  override readonly name = "TopologyDriftError";
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      `the namespace has drifted from the topology in ways provisioning cannot repair: ${problems.join("; ")}`,
    );
    this.problems = problems;
  }
}

function sameFilter(actual: SqlRuleFilter | CorrelationRuleFilter, wanted: CorrelationRuleFilter): boolean {
  if ("sqlExpression" in actual) return false;
  const keys = new Set([...Object.keys(actual), ...Object.keys(wanted)]);
  for (const key of keys) {
    const a = (actual as Record<string, unknown>)[key];
    const w = (wanted as Record<string, unknown>)[key];
    const emptyA = a === undefined || (typeof a === "object" && a !== null && Object.keys(a).length === 0);
    const emptyW = w === undefined || (typeof w === "object" && w !== null && Object.keys(w).length === 0);
    if (emptyA && emptyW) continue;
    if (JSON.stringify(a) !== JSON.stringify(w)) return false;
  }
  return true;
}

/**
 * Makes the namespace match the topology, idempotently: creates missing topics (duplicate detection
 * on) and subscriptions, sets each subscription's rules to exactly its correlation filters (removing
 * `$Default`, which would let everything through) and aligns the duplicate detection window, max
 * delivery count and lock duration. What cannot change in place (duplicate detection turned off on a
 * topic, sessions on a subscription) is drift: reported together in a TopologyDriftError once the rest
 * is done, never accepted silently. Returns what it changed; an empty list means it already matched.
 */
export async function provisionTopology(
  admin: AdministrationClientPort,
  topology: Topology,
  options: ProvisionOptions = {},
): Promise<string[]> {
  const maxDeliveryCount = options.maxDeliveries ?? 5;
  const lockDuration = options.lockDuration ?? "PT1M";
  const duplicateWindow = options.duplicateDetectionWindow ?? "PT10M";
  const changes: string[] = [];
  const drift: string[] = [];
  const change = (line: string) => {
    changes.push(line);
    options.onProgress?.(line);
  };

  for (const topic of topology.topics) {
    if (!(await admin.topicExists(topic.name))) {
      await admin.createTopic(topic.name, {
        requiresDuplicateDetection: true,
        duplicateDetectionHistoryTimeWindow: duplicateWindow,
      });
      change(`created topic ${topic.name}`);
      continue;
    }
    const existing = await admin.getTopic(topic.name);
    if (!existing.requiresDuplicateDetection) {
      // Without it a re-published event (the relay's at-least-once) reaches every consumer twice.
      drift.push(
        `topic ${topic.name} has duplicate detection off, and it cannot be turned on in place: ` +
          "create the topic anew (after draining its subscriptions) and provision again",
      );
    } else if (!sameDuration(existing.duplicateDetectionHistoryTimeWindow, duplicateWindow)) {
      await admin.updateTopic({ ...existing, duplicateDetectionHistoryTimeWindow: duplicateWindow });
      change(
        `updated topic ${topic.name}: duplicate detection window ${existing.duplicateDetectionHistoryTimeWindow} -> ${duplicateWindow}`,
      );
    }
  }

  for (const subscription of topology.subscriptions) {
    const { topic, consumer } = subscription;
    const where = `${topic}/${consumer}`;
    const rules = rulesOf(subscription);
    if (!(await admin.subscriptionExists(topic, consumer))) {
      const [first] = rules;
      await admin.createSubscription(topic, consumer, {
        requiresSession: subscription.ordered,
        maxDeliveryCount,
        lockDuration,
        deadLetteringOnMessageExpiration: true,
        ...(first ? { defaultRuleOptions: { name: first.name, filter: first.filter } } : {}),
      });
      change(`created subscription ${where}${subscription.ordered ? " (sessions)" : ""}`);
    } else {
      const existing = await admin.getSubscription(topic, consumer);
      if (existing.requiresSession !== subscription.ordered) {
        drift.push(
          `subscription ${where} has requiresSession=${existing.requiresSession} but the topology says ${subscription.ordered}; ` +
            "sessions cannot be changed in place: delete the subscription (after draining it) and provision again",
        );
      }
      if (
        existing.maxDeliveryCount !== maxDeliveryCount ||
        !sameDuration(existing.lockDuration, lockDuration)
      ) {
        await admin.updateSubscription({ ...existing, maxDeliveryCount, lockDuration });
        change(
          `updated subscription ${where}: maxDeliveryCount ${maxDeliveryCount}, lockDuration ${lockDuration}`,
        );
      }
    }

    const actual = new Map<string, RuleProperties>();
    for await (const rule of admin.listRules(topic, consumer)) actual.set(rule.name, rule);
    for (const [name, rule] of actual) {
      const wanted = rules.find((r) => r.name === name);
      if (!wanted || !sameFilter(rule.filter, wanted.filter) || rule.action?.sqlExpression) {
        await admin.deleteRule(topic, consumer, name);
        actual.delete(name);
        change(`deleted rule ${name} on ${where}`);
      }
    }
    for (const rule of rules) {
      if (actual.has(rule.name)) continue;
      await admin.createRule(topic, consumer, rule.name, rule.filter);
      change(`created rule ${rule.name} on ${where}`);
    }
  }
  if (drift.length > 0) {
    for (const problem of drift) options.onProgress?.(`DRIFT: ${problem}`);
    throw new TopologyDriftError(drift);
  }
  return changes;
}
