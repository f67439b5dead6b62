import { type KnownEvent, subscriptionsOf } from "@ecommerce/contracts";
import type { EventBus } from "@ecommerce/messaging";
import { type Mediator, runWithContext } from "@ecommerce/service-kit";
import { HandleIntegrationEvent } from "../application/integration/handle-integration-event.ts";

/**
 * Ordering's subscriptions, as the topology declares them. Each delivery becomes a command that
 * continues the event's correlation, with the event as its cause.
 */
export async function subscribeToIntegrationEvents(bus: EventBus, mediator: Mediator): Promise<string[]> {
  const names: string[] = [];
  for (const subscription of subscriptionsOf("ordering")) {
    await bus.subscribe(subscription.name, (event) =>
      runWithContext(
        {
          requestId: event.id,
          correlationId: event.correlationid,
          causationId: event.id,
          actor: { id: `event:${subscription.topic}`, roles: [] },
        },
        () => mediator.send(new HandleIntegrationEvent(subscription.name, event as KnownEvent)),
      ),
    );
    names.push(subscription.name);
  }
  return names;
}
