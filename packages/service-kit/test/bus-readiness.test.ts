import type { BusConfig, BusEntities } from "@ecommerce/messaging";
import { InMemoryEventBus } from "@ecommerce/messaging/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { ServiceApp } from "../src/index.ts";
import { runtimeReadiness } from "../src/runner/runtime-readiness.ts";
import { createTestService } from "./support/test-service.ts";

// The runner's readiness asks the bus itself where the transport can check itself (EventBus.checkReady,
// as the Service Bus transport does), with the entities the service needs once it has subscribed.
// The bus here is the messaging package's in-memory double, which checks against the topology.
const azure: BusConfig = {
  transport: "azure-service-bus",
  fullyQualifiedNamespace: "shop.servicebus.windows.net",
  retry: { maxDeliveries: 5, delaySeconds: 1, maxDelaySeconds: 60, backoff: true },
};

describe("bus readiness through the EventBus port", () => {
  const apps: ServiceApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function probe(eventBus: InMemoryEventBus, entities: () => BusEntities) {
    const readiness = runtimeReadiness({ bus: azure, eventBus, entities, maxLagSeconds: 30 });
    const app = await createTestService({
      name: "ordering",
      version: "1.0.0",
      logger: false,
      readiness: readiness.checks,
    });
    await app.ready();
    apps.push(app);
    return async () => {
      const response = await app.inject({ method: "GET", url: "/health/ready" });
      return {
        status: response.statusCode,
        bus: response.json().checks.bus as { status: string; error?: string },
      };
    };
  }

  it("is ready while the bus has the service's entities, and names what is missing", async () => {
    const eventBus = new InMemoryEventBus();
    let entities: BusEntities = { topics: ["ordering"], subscriptions: ["catalog.ordering"] };
    const ready = await probe(eventBus, () => entities);
    expect(await ready()).toEqual({ status: 200, bus: { status: "ok" } });

    // The entities are read on each probe: what the service subscribed to after the app was built.
    entities = { topics: ["ordering"], subscriptions: ["catalog.ordering", "catalog.nobody"] };
    expect(await ready()).toEqual({
      status: 503,
      bus: { status: "failed", error: "bus not ready: subscription catalog.nobody: not found" },
    });
  });

  it("is unready once the bus has stopped", async () => {
    const eventBus = new InMemoryEventBus();
    const ready = await probe(eventBus, () => ({ topics: ["ordering"], subscriptions: [] }));
    expect((await ready()).status).toBe(200);
    await eventBus.stop();
    expect(await ready()).toEqual({
      status: 503,
      bus: { status: "failed", error: "bus not ready: the bus is stopped" },
    });
  });
});
