import { type Topology, topology } from "@ecommerce/contracts";
import type { RetryPolicy } from "../../src/bus-config.ts";
import { provisionTopology } from "../../src/transports/azure/azure-provisioning.ts";
import {
  AzureServiceBusEventBus,
  type AzureServiceBusEventBusOptions,
} from "../../src/transports/azure/azure-service-bus-transport.ts";
import { FakeServiceBusNamespace } from "./fake-service-bus.ts";
import { testLogger } from "./test-logger.ts";

export const fastRetry: RetryPolicy = {
  maxDeliveries: 3,
  delaySeconds: 1,
  maxDelaySeconds: 10,
  backoff: true,
};

/** A clock that only moves when a test moves it. */
export function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/**
 * A provisioned fake namespace and a way to make buses on it; waits (between attempts to accept a
 * session) are recorded, not slept. `busOptions` go to every bus (session bounds, a clock).
 */
export async function fakeAzure(
  options: {
    topology?: Topology;
    retry?: RetryPolicy;
    now?: () => number;
    busOptions?: AzureServiceBusEventBusOptions;
  } = {},
) {
  const namespace = new FakeServiceBusNamespace(options.now ? { now: options.now } : {});
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
      ...(options.now ? { now: options.now } : {}),
      ...options.busOptions,
    });
  return { namespace, waits, createBus };
}
