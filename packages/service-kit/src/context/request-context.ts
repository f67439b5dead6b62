import { AsyncLocalStorage } from "node:async_hooks";

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
