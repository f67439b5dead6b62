import { type Topology, topology } from "@ecommerce/contracts";
import type { RetryPolicy } from "../../src/bus-config.ts";
import { provisionTopology } from "../../src/transports/azure/azure-provisioning.ts";
import { AzureServiceBusEventBus } from "../../src/transports/azure/azure-service-bus-transport.ts";
import { FakeServiceBusNamespace } from "./fake-service-bus.ts";
import { testLogger } from "./test-logger.ts";

export const fastRetry: RetryPolicy = {
  maxDeliveries: 3,
  delaySeconds: 1,
  maxDelaySeconds: 10,
  backoff: true,
};

/** A provisioned fake namespace and a way to make buses on it; backoff waits are recorded, not slept. */
export async function fakeAzure(options: { topology?: Topology; retry?: RetryPolicy } = {}) {
  const namespace = new FakeServiceBusNamespace();
  const declared = options.topology ?? topology;
  const retry = options.retry ?? fastRetry;
  await provisionTopology(namespace.admin, declared, { maxDeliveries: retry.maxDeliveries });
  const waits: number[] = [];
  const createBus = () =>
    new AzureServiceBusEventBus(namespace, retry, testLogger, {
      topology: declared,
      sessionIdleMs: 50,
      drainWaitMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  return { namespace, waits, createBus };
}
