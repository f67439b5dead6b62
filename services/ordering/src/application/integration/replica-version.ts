import type { EventEnvelope } from "@ecommerce/contracts";
import type { ReplicaVersion } from "../ports.ts";

/** Where the event stands in its aggregate's stream: its sequence, and its time for older publishers. */
export function replicaVersionOf(event: Pick<EventEnvelope, "time" | "sequence">): ReplicaVersion {
  return { asOf: new Date(event.time), sequence: event.sequence };
}
