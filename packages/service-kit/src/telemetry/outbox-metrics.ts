import type { OutboxBacklog } from "@ecommerce/messaging";
import { type BatchObservableCallback, metrics } from "@opentelemetry/api";

/**
 * The outbox's backlog as gauges, read from the service's database when metrics are collected
 * (once per export interval, never per request): `outbox.pending` rows and the age of the oldest,
 * `outbox.oldest_pending.age`. Returns what stops observing (before the relay's pool closes).
 */
export function observeOutbox(service: string, backlog: () => Promise<OutboxBacklog>): () => void {
  const meter = metrics.getMeter("@ecommerce/service-kit");
  const pending = meter.createObservableGauge("outbox.pending", {
    description: "Events written to the outbox and not yet published",
    unit: "{event}",
  });
  const oldest = meter.createObservableGauge("outbox.oldest_pending.age", {
    description: "Age of the oldest unpublished outbox event (0 when none)",
    unit: "s",
  });
  const attributes = { "service.name": service };
  const observe: BatchObservableCallback = async (result) => {
    try {
      const now = await backlog();
      result.observe(pending, now.pending, attributes);
      result.observe(oldest, now.oldestPendingSeconds, attributes);
    } catch {
      // A database that does not answer shows in readiness and in the logs; no value is better
      // than a made-up one.
    }
  };
  meter.addBatchObservableCallback(observe, [pending, oldest]);
  return () => meter.removeBatchObservableCallback(observe, [pending, oldest]);
}
