import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** Who asked, and which chain of requests and events this work belongs to. */
export interface RequestContext {
  requestId: string;
  correlationId: string;
  /** The id of the request or event that caused this work. */
  causationId: string;
  actor?: { id: string; roles: string[] } | undefined;
  /** The Idempotency-Key this request claimed: the command's transaction records its commit there. */
  idempotency?: { scope: string; key: string } | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Runs a service's own background work (a sweeper, a scheduled job) as `system:<job>`, in a chain of
 * its own: what it sends is audited under that name, not as "anonymous".
 */
export function runAsSystem<T>(job: string, fn: () => T): T {
  const id = randomUUID();
  return storage.run(
    { requestId: id, correlationId: id, causationId: id, actor: { id: `system:${job}`, roles: [] } },
    fn,
  );
}
