import { type Topology, topology } from "@ecommerce/contracts";
import { describe, expect, it } from "vitest";
import {
  durationMs,
  provisionTopology,
  rulesOf,
  TopologyDriftError,
} from "../src/transports/azure/azure-provisioning.ts";
import { emulatorConfig } from "../src/transports/azure/emulator-config.ts";
import { FakeServiceBusNamespace } from "./support/fake-service-bus.ts";

const rulesIn = (namespace: FakeServiceBusNamespace, topic: string, name: string) =>
  Object.fromEntries([...namespace.subscription(topic, name).rules.values()].map((r) => [r.name, r.filter]));

describe("provisionTopology", () => {
  it("creates the declared topics, subscriptions and rules, without $Default", async () => {
    const namespace = new FakeServiceBusNamespace();
    const progress: string[] = [];
    const changes = await provisionTopology(namespace.admin, topology, {
      maxDeliveries: 7,
      onProgress: (line) => progress.push(line),
    });
    expect(progress).toEqual(changes);
    expect([...namespace.topics.keys()]).toEqual(["customer", "catalog", "ordering", "billing", "shipping"]);
    expect(changes).toContain("created subscription ordering/catalog (sessions)");
    expect(rulesIn(namespace, "ordering", "catalog")).toEqual({
      "order-confirmed.v1": { subject: "ecommerce.ordering.order-confirmed.v1" },
      "order-cancelled.v1": { subject: "ecommerce.ordering.order-cancelled.v1" },
      "reservation-rejected.v1": { subject: "ecommerce.ordering.reservation-rejected.v1" },
      replay: { subject: "replay:ordering.catalog" },
    });
    expect(namespace.subscription("ordering", "catalog").properties).toMatchObject({
      requiresSession: true,
      maxDeliveryCount: 7,
      lockDuration: "PT1M",
    });
    for (const s of topology.subscriptions) {
      expect(Object.keys(rulesIn(namespace, s.topic, s.consumer))).not.toContain("$Default");
    }
  });

  it("changes nothing the second time", async () => {
    const namespace = new FakeServiceBusNamespace();
    await provisionTopology(namespace.admin, topology);
    expect(await provisionTopology(namespace.admin, topology)).toEqual([]);
  });

  it("repairs drift: a catch-all $Default, a stray or altered rule, another max delivery count", async () => {
    const namespace = new FakeServiceBusNamespace();
    await provisionTopology(namespace.admin, topology);
    await namespace.admin.createRule("ordering", "billing", "$Default", { sqlExpression: "1=1" });
    await namespace.admin.createRule("ordering", "billing", "legacy", {
      subject: "ecommerce.ordering.order-placed.v1",
    });
    await namespace.admin.deleteRule("ordering", "billing", "order-cancelled.v1");
    await namespace.admin.createRule("ordering", "billing", "order-cancelled.v1", {
      subject: "something-else",
    });
    const billing = await namespace.admin.getSubscription("ordering", "billing");
    await namespace.admin.updateSubscription({ ...billing, maxDeliveryCount: 10 });

    const changes = await provisionTopology(namespace.admin, topology);
    expect(changes).toEqual([
      "updated subscription ordering/billing: maxDeliveryCount 5, lockDuration PT1M",
      "deleted rule $Default on ordering/billing",
      "deleted rule legacy on ordering/billing",
      "deleted rule order-cancelled.v1 on ordering/billing",
      "created rule order-cancelled.v1 on ordering/billing",
    ]);
    expect(await provisionTopology(namespace.admin, topology)).toEqual([]);
  });

  it("refuses to flip sessions on an existing subscription", async () => {
    const namespace = new FakeServiceBusNamespace();
    await provisionTopology(namespace.admin, topology);
    const unordered: Topology = {
      topics: topology.topics,
      subscriptions: topology.subscriptions.map((s) => ({ ...s, ordered: false })),
    };
    await expect(provisionTopology(namespace.admin, unordered)).rejects.toThrow(
      /subscription customer\/ordering has requiresSession=true but the topology says false; sessions cannot be changed in place/,
    );
  });
});

describe("provisionTopology and duplicate detection", () => {
  it("creates every topic with duplicate detection on, over the given window", async () => {
    const namespace = new FakeServiceBusNamespace();
    await provisionTopology(namespace.admin, topology, { duplicateDetectionWindow: "PT30M" });
    for (const topic of topology.topics) {
      expect(await namespace.admin.getTopic(topic.name)).toMatchObject({
        requiresDuplicateDetection: true,
        duplicateDetectionHistoryTimeWindow: "PT30M",
      });
    }
  });

  it("reports a topic without duplicate detection as drift, after provisioning everything else", async () => {
    const namespace = new FakeServiceBusNamespace();
    // Created by hand (or by an older script) without duplicate detection.
    await namespace.admin.createTopic("billing", { requiresDuplicateDetection: false });
    await namespace.admin.createTopic("shipping", {});
    const progress: string[] = [];
    const provisioning = provisionTopology(namespace.admin, topology, {
      onProgress: (line) => progress.push(line),
    });
    const error = await provisioning.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TopologyDriftError);
    expect((error as TopologyDriftError).problems).toEqual([
      "topic billing has duplicate detection off, and it cannot be turned on in place: create the topic anew (after draining its subscriptions) and provision again",
      "topic shipping has duplicate detection off, and it cannot be turned on in place: create the topic anew (after draining its subscriptions) and provision again",
    ]);
    expect(progress.filter((line) => line.startsWith("DRIFT: "))).toHaveLength(2);
    // The rest was provisioned: the drifted topics' subscriptions and rules exist all the same.
    expect(progress).toContain("created subscription billing/ordering (sessions)");
    expect(rulesIn(namespace, "billing", "ordering")).toHaveProperty(["payment-succeeded.v1"]);
    // And it keeps failing, rather than accepting the drift the second time.
    await expect(provisionTopology(namespace.admin, topology)).rejects.toThrow(
      /topic billing has duplicate detection off/,
    );
  });

  it("aligns a different duplicate detection window in place, and compares durations, not spellings", async () => {
    const namespace = new FakeServiceBusNamespace();
    await provisionTopology(namespace.admin, topology);
    const ordering = await namespace.admin.getTopic("ordering");
    await namespace.admin.updateTopic({ ...ordering, duplicateDetectionHistoryTimeWindow: "PT1M" });
    const customer = await namespace.admin.getTopic("customer");
    await namespace.admin.updateTopic({ ...customer, duplicateDetectionHistoryTimeWindow: "PT600S" });

    expect(await provisionTopology(namespace.admin, topology)).toEqual([
      "updated topic ordering: duplicate detection window PT1M -> PT10M",
    ]);
    expect((await namespace.admin.getTopic("ordering")).duplicateDetectionHistoryTimeWindow).toBe("PT10M");
    expect(await provisionTopology(namespace.admin, topology)).toEqual([]);
  });

  it("reads ISO 8601 durations as Service Bus writes them", () => {
    expect(durationMs("PT10M")).toBe(600_000);
    expect(durationMs("PT600S")).toBe(600_000);
    expect(durationMs("P7D")).toBe(7 * 86_400_000);
    expect(durationMs("P1DT2H3M4.5S")).toBe(93_784_500);
    expect(durationMs("10 minutes")).toBeUndefined();
  });
});

describe("emulatorConfig", () => {
  const config = emulatorConfig(topology, { maxDeliveries: 4 });
  const namespace = config.UserConfig.Namespaces[0]!;

  it("describes the emulator's one namespace, within its limits", () => {
    expect(namespace.Name).toBe("sbemulatorns");
    for (const topic of namespace.Topics) {
      expect(topic.Subscriptions.length).toBeLessThanOrEqual(50);
      expect(topic.Properties.DuplicateDetectionHistoryTimeWindow).toBe("PT5M");
      for (const subscription of topic.Subscriptions) {
        expect(subscription.Properties.MaxDeliveryCount).toBe(4);
        expect(subscription.Properties.DefaultMessageTimeToLive).toBe("PT1H");
        expect(subscription.Properties.RequiresSession).toBe(true);
      }
    }
    expect(() => emulatorConfig(topology, { maxDeliveries: 11 })).toThrow(/1 to 10/);
  });

  it("declares exactly the subscriptions and filters provisioning creates", async () => {
    const provisioned = new FakeServiceBusNamespace();
    await provisionTopology(provisioned.admin, topology);
    const fromConfig = namespace.Topics.flatMap((topic) =>
      topic.Subscriptions.flatMap((s) =>
        s.Rules.map((r) => `${topic.Name}/${s.Name}/${r.Name}=${r.Properties.CorrelationFilter.Label}`),
      ),
    );
    const fromProvisioning = topology.subscriptions.flatMap((s) =>
      Object.entries(rulesIn(provisioned, s.topic, s.consumer)).map(
        ([name, filter]) => `${s.topic}/${s.consumer}/${name}=${"subject" in filter ? filter.subject : "?"}`,
      ),
    );
    expect(fromConfig.sort()).toEqual(fromProvisioning.sort());
    expect(fromConfig).toHaveLength(topology.subscriptions.reduce((n, s) => n + rulesOf(s).length, 0));
  });

  it("is JSON the emulator can read (round trip)", () => {
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    expect(namespace.Topics.find((t) => t.Name === "ordering")?.Subscriptions.map((s) => s.Name)).toEqual([
      "catalog",
      "billing",
      "shipping",
    ]);
  });
});
