import { randomUUID } from "node:crypto";
import { currentContext } from "../context/request-context.ts";

/**
 * The correlation and causation of what the current work publishes: the request's or the consumed
 * event's (see eventPipeline), or a new chain for work started outside both (a script).
 */
export function currentCausation(): { correlationId: string; causationId: string } {
  const context = currentContext();
  const correlationId = context?.correlationId ?? randomUUID();
  return { correlationId, causationId: context?.causationId ?? correlationId };
}
