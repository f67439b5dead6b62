import { type KnownEvent, subscriptionsOf } from "@ecommerce/contracts";
import { PermanentFailure } from "@ecommerce/messaging";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import type { Inbox } from "../ports.ts";
import { KnownEventSchema } from "./known-event-schema.ts";

/** Reacts to one kind of another context's events. */
export interface IntegrationEventHandler {
  readonly handles: readonly string[];
  handle(event: KnownEvent): Promise<void>;
}

/** An event delivered to one of ordering's subscriptions; handled once per subscription. */
export class HandleIntegrationEvent extends Command {
  // Only ordering's own subscriptions: the name keys the inbox rows that make a redelivery a no-op,
  // so it must be one deliveries really come on.
  static readonly schema = Type.Object(
    {
      subscription: Type.Union(subscriptionsOf("ordering").map((s) => Type.Literal(s.name))),
      event: KnownEventSchema,
    },
    { additionalProperties: false },
  );

  constructor(
    readonly subscription: string,
    readonly event: KnownEvent,
  ) {
    super();
  }

  override get messageName(): string {
    return `HandleIntegrationEvent(${this.event.type})`;
  }
}

/** Dead-letter reason of an event that reached ordering but has no handler here (yet). */
export const UNHANDLED_EVENT_TYPE = "UnhandledEventType";

/**
 * Runs in the command's transaction: the inbox row and the event's effect commit together, so a
 * redelivered event finds its inbox row and changes nothing.
 */
export class HandleIntegrationEventHandler implements MessageHandler<HandleIntegrationEvent> {
  readonly #byType = new Map<string, IntegrationEventHandler>();

  constructor(
    private readonly inbox: Inbox,
    handlers: IntegrationEventHandler[],
  ) {
    for (const handler of handlers) for (const type of handler.handles) this.#byType.set(type, handler);
  }

  async handle(command: HandleIntegrationEvent): Promise<void> {
    const handler = this.#byType.get(command.event.type);
    // Acknowledging an event nobody handles would lose it for good (e.g. billing's and shipping's
    // outcomes, subscribed before ordering reacts to them, or a type a newer topology routes here).
    // Retrying cannot help either, so it is dead-lettered at once, with no inbox row: replayed once a
    // version of ordering handles it, it is then handled like a first delivery.
    if (!handler) {
      throw new PermanentFailure(
        UNHANDLED_EVENT_TYPE,
        `ordering has no handler for ${command.event.type} on ${command.subscription}; replay it once ordering handles it`,
      );
    }
    if (!(await this.inbox.firstDelivery(command.subscription, command.event.id))) return;
    await handler.handle(command.event);
  }
}
