import { describe, expect, it } from "vitest";
import {
  eventCatalogue,
  OrderCancelled,
  OrderConfirmed,
  ProductCreated,
  subscribersOf,
  subscriptionNamed,
  subscriptionsOf,
  topicOf,
  topology,
  topologyProblems,
} from "../src/index.ts";

describe("topology", () => {
  it("is sound: known types, carried by their topics, conventional names, no duplicates", () => {
    expect(topologyProblems()).toEqual([]);
  });

  it("has one topic per publishing context carrying all its events", () => {
    expect(topology.topics.map((t) => t.name)).toEqual([
      "customer",
      "catalog",
      "ordering",
      "billing",
      "shipping",
    ]);
    const carried = topology.topics.flatMap((t) => t.eventTypes);
    expect([...carried].sort()).toEqual(eventCatalogue.map((e) => e.type).sort());
  });

  it("gives each service its subscriptions", () => {
    expect(subscriptionsOf("ordering").map((s) => s.name)).toEqual([
      "customer.ordering",
      "catalog.ordering",
      "billing.ordering",
      "shipping.ordering",
    ]);
    expect(subscriptionsOf("catalog").map((s) => s.name)).toEqual(["ordering.catalog", "shipping.catalog"]);
    expect(subscriptionsOf("billing").map((s) => s.name)).toEqual(["ordering.billing"]);
    expect(subscriptionsOf("shipping").map((s) => s.name)).toEqual(["ordering.shipping"]);
    expect(subscriptionsOf("customer")).toEqual([]);
  });

  it("routes an event type to the subscriptions that take it, and only those", () => {
    expect(subscribersOf(OrderCancelled.type).map((s) => s.name)).toEqual([
      "ordering.catalog",
      "ordering.billing",
      "ordering.shipping",
    ]);
    expect(subscribersOf(OrderConfirmed.type).map((s) => s.name)).toEqual(["ordering.catalog"]);
    expect(subscribersOf("ecommerce.catalog.stock-low.v1")).toEqual([]);
  });

  it("knows the topic of an event type and refuses unknown ones", () => {
    expect(topicOf(ProductCreated.type)).toBe("catalog");
    expect(() => topicOf("ecommerce.catalog.nope.v1")).toThrow(/not in the contracts catalogue/);
  });

  it("explains an unknown subscription name", () => {
    expect(subscriptionNamed("catalog.ordering").topic).toBe("catalog");
    expect(() => subscriptionNamed("ordering.ordering")).toThrow(
      /Unknown subscription "ordering.ordering"; the topology declares: customer.ordering/,
    );
  });

  it("catches a subscription to a type its topic does not carry", () => {
    const broken = {
      topics: topology.topics,
      subscriptions: [{ ...subscriptionNamed("ordering.billing"), eventTypes: [ProductCreated.type] }],
    };
    expect(topologyProblems(broken)).toEqual([
      `subscription ordering.billing takes ${ProductCreated.type}, which topic ordering does not carry`,
    ]);
  });
});
