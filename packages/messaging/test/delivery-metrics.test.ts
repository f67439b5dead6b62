import { randomUUID } from "node:crypto";
import { metrics } from "@opentelemetry/api";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { afterAll, describe, expect, it } from "vitest";
import { deliver } from "../src/delivery.ts";
import { PermanentFailure } from "../src/permanent-failure.ts";
import { orderConfirmed } from "./support/events.ts";
import { testLogger } from "./support/test-logger.ts";

// What a service's telemetry registers, with the metrics kept in memory.
const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

async function counted(): Promise<Record<string, number>> {
  await reader.forceFlush();
  const totals: Record<string, number> = {};
  for (const resource of exporter.getMetrics())
    for (const scope of resource.scopeMetrics)
      for (const metric of scope.metrics)
        for (const point of metric.dataPoints) {
          const key = `${metric.descriptor.name} ${Object.values(point.attributes).join(" ")}`;
          totals[key] = point.value as number;
        }
  exporter.reset();
  return totals;
}

describe("delivery metrics per subscription", () => {
  afterAll(() => reader.shutdown());

  it("counts deliveries, failures, retries and dead letters with the subscription and the reason", async () => {
    const event = orderConfirmed(randomUUID(), "req-1");
    const options = { validate: true, logger: testLogger, system: "test" };
    const on = (deliveryCount: number) => ({
      subscription: "ordering.billing",
      deliveryCount,
      maxDeliveries: 2,
    });
    const fails = async () => {
      throw new Error("database gone");
    };
    expect((await deliver(event, on(1), async () => undefined, options)).kind).toBe("completed");
    expect((await deliver(event, on(1), fails, options)).kind).toBe("retry");
    expect((await deliver(event, on(2), fails, options)).kind).toBe("dead-letter");
    const refuses = async () => {
      throw new PermanentFailure("OrderUnknown", "no such order");
    };
    expect((await deliver(event, on(1), refuses, options)).kind).toBe("dead-letter");

    expect(await counted()).toEqual({
      "messaging.handler.deliveries ordering.billing": 4,
      "messaging.handler.failures ordering.billing HandlerFailed": 1,
      "messaging.handler.failures ordering.billing MaxDeliveriesExceeded": 1,
      "messaging.handler.failures ordering.billing OrderUnknown": 1,
      "messaging.handler.retries ordering.billing": 1,
      "messaging.dead_letters ordering.billing MaxDeliveriesExceeded": 1,
      "messaging.dead_letters ordering.billing OrderUnknown": 1,
    });
  });
});
