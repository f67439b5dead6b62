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
 * Makes the namespace match the topology, idempotently: creates missing topics and subscriptions,
 * sets each subscription's rules to exactly its correlation filters (removing `$Default`, which
 * would let everything through) and aligns max delivery count and lock duration. A subscription
 * whose session requirement differs cannot be changed in place: that is reported as an error.
 * Returns what it changed; an empty list means the namespace already matched.
 */
export async function provisionTopology(
  admin: AdministrationClientPort,
  topology: Topology,
  options: ProvisionOptions = {},
): Promise<string[]> {
  const maxDeliveryCount = options.maxDeliveries ?? 5;
  const lockDuration = options.lockDuration ?? "PT1M";
  const changes: string[] = [];
  const change = (line: string) => {
    changes.push(line);
    options.onProgress?.(line);
  };

  for (const topic of topology.topics) {
    if (!(await admin.topicExists(topic.name))) {
      await admin.createTopic(topic.name, {
        requiresDuplicateDetection: true,
        duplicateDetectionHistoryTimeWindow: options.duplicateDetectionWindow ?? "PT10M",
      });
      change(`created topic ${topic.name}`);
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
        throw new Error(
          `subscription ${where} has requiresSession=${existing.requiresSession} but the topology says ${subscription.ordered}; ` +
            "sessions cannot be changed in place: delete the subscription (after draining it) and provision again",
        );
      }
      if (existing.maxDeliveryCount !== maxDeliveryCount || existing.lockDuration !== lockDuration) {
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
  return changes;
}
