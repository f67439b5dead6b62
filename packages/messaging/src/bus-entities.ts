import { topology as declaredTopology, type Topology } from "@ecommerce/contracts";
import type { BusEntities } from "./event-bus.ts";

/**
 * What a service needs on the bus: the topic of its own context, if it publishes (one topic per
 * publishing context), and the subscriptions it consumes.
 */
export function busEntitiesOf(
  service: string,
  subscriptions: readonly string[],
  topology: Topology = declaredTopology,
): BusEntities {
  return {
    topics: topology.topics.filter((topic) => topic.name === service).map((topic) => topic.name),
    subscriptions: [...subscriptions],
  };
}
