import type { Command, MessageContext } from "@ecommerce/service-kit";
import type { StatusTrigger } from "../domain/order-history.ts";

/** A command changed the order: its name, and the request that sent it (its x-request-id). */
export function commandTrigger(command: Command<unknown>, context: MessageContext): StatusTrigger {
  return { kind: "command", type: command.messageName, id: context.requestId ?? context.causationId };
}

/** Another context's event changed the order: its type and id, as on the bus and in dead letters. */
export function eventTrigger(event: { id: string; type: string }): StatusTrigger {
  return { kind: "event", type: event.type, id: event.id };
}
