import type { KnownEvent } from "@ecommerce/contracts";
import { Command, type MessageHandler } from "@ecommerce/service-kit";
import type { Inbox } from "../ports.ts";

/** Reacts to one kind of another context's events. */
export interface IntegrationEventHandler {
  readonly handles: readonly string[];
  handle(event: KnownEvent): Promise<void>;
}

/** An event delivered to one of ordering's subscriptions; handled once per subscription. */
export class HandleIntegrationEvent extends Command {
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
    if (!handler) return; // a type this version does not react to (yet): acknowledged, not retried
    if (!(await this.inbox.firstDelivery(command.subscription, command.event.id))) return;
    await handler.handle(command.event);
  }
}
