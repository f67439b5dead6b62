import { subscriptionsOf } from "@ecommerce/contracts";
import { type TProperties, Type } from "typebox";
import { Uuid } from "../field-schemas.ts";

/**
 * Catalog's subscriptions that deliver events of this type (from the topology): the inbox keys
 * on the subscription, so an event handled under any other name would escape deduplication.
 */
export function subscriptionFor(eventType: { type: string }) {
  const names = subscriptionsOf("catalog")
    .filter((s) => s.eventTypes.includes(eventType.type))
    .map((s) => s.name);
  return Type.Enum(names);
}

/**
 * What a handler reads of an event: its id (the inbox key), its type, and the data it acts on, with
 * catalog's own bounds. The rest of the envelope is the contract's, which parseEvent checks where the
 * event comes in; it stays open here so that the other attributes and data fields pass.
 */
export function envelopeOf<T extends TProperties>(eventType: { type: string }, data: T) {
  return Type.Object({ id: Uuid, type: Type.Literal(eventType.type), data: Type.Object(data) });
}
