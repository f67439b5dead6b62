import { lazyInstruments } from "./lazy-instruments.ts";

const instruments = lazyInstruments("@ecommerce/messaging", (meter) => ({
  handled: meter.createCounter("messaging.handler.deliveries", {
    description: "Deliveries taken by a subscription's handler, whatever their outcome",
    unit: "{delivery}",
  }),
  failures: meter.createCounter("messaging.handler.failures", {
    description: "Deliveries whose handling failed (to be retried, or dead-lettered)",
    unit: "{delivery}",
  }),
  retries: meter.createCounter("messaging.handler.retries", {
    description: "Failed deliveries the bus will redeliver later",
    unit: "{delivery}",
  }),
  deadLetters: meter.createCounter("messaging.dead_letters", {
    description: "Events dead-lettered, by reason",
    unit: "{event}",
  }),
}));

/** Counts one delivery's outcome for its subscription. */
/** What a delivery came to (delivery.ts's DeliveryOutcome, by shape: no import cycle). */
type Outcome = { kind: "completed" } | { kind: "retry" } | { kind: "dead-letter"; reason: string };

export function countDelivery(subscription: string, outcome: Outcome): void {
  const { handled, failures, retries, deadLetters } = instruments();
  const attributes = { "messaging.destination.subscription.name": subscription };
  handled.add(1, attributes);
  if (outcome.kind === "completed") return;
  const reason = outcome.kind === "retry" ? "HandlerFailed" : outcome.reason;
  failures.add(1, { ...attributes, "error.type": reason });
  if (outcome.kind === "retry") retries.add(1, attributes);
  else deadLetters.add(1, { ...attributes, "error.type": reason });
}
