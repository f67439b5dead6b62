import type { Topology } from "@ecommerce/contracts";
import { rulesOf } from "./azure-provisioning.ts";

export interface EmulatorConfigOptions {
  /** The emulator accepts 1 to 10 (default 5). */
  maxDeliveries?: number;
}

/**
 * The Service Bus emulator's Config.json for the topology. The emulator reads its entities only from
 * this file (its admin API is not reachable from the JS SDK), so it is generated from the same
 * declaration as provisionTopology: the two cannot drift. Within the emulator's limits: message TTL
 * at most 1 h, duplicate detection window at most 5 min, MaxDeliveryCount 1–10.
 */
export function emulatorConfig(topology: Topology, options: EmulatorConfigOptions = {}) {
  const maxDeliveries = options.maxDeliveries ?? 5;
  if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1 || maxDeliveries > 10) {
    throw new Error(`the emulator accepts a MaxDeliveryCount from 1 to 10 (got ${maxDeliveries})`);
  }
  return {
    UserConfig: {
      Namespaces: [
        {
          Name: "sbemulatorns",
          Queues: [],
          Topics: topology.topics.map((topic) => ({
            Name: topic.name,
            Properties: {
              DefaultMessageTimeToLive: "PT1H",
              DuplicateDetectionHistoryTimeWindow: "PT5M",
              RequiresDuplicateDetection: true,
            },
            Subscriptions: topology.subscriptions
              .filter((subscription) => subscription.topic === topic.name)
              .map((subscription) => ({
                Name: subscription.consumer,
                Properties: {
                  DeadLetteringOnMessageExpiration: true,
                  DefaultMessageTimeToLive: "PT1H",
                  LockDuration: "PT1M",
                  MaxDeliveryCount: maxDeliveries,
                  ForwardDeadLetteredMessagesTo: "",
                  ForwardTo: "",
                  RequiresSession: subscription.ordered,
                },
                Rules: rulesOf(subscription).map((rule) => ({
                  Name: rule.name,
                  Properties: {
                    FilterType: "Correlation",
                    CorrelationFilter: { Label: rule.filter.subject },
                  },
                })),
              })),
          })),
        },
      ],
      Logging: { Type: "File" },
    },
  };
}
