import { isUuid } from "@ecommerce/domain-kernel";

/**
 * Commands change state, queries read it; both travel through the mediator. The phantom `result`
 * type lets `send(new ConfirmOrder(...))` know what it returns.
 */
export abstract class Message<TResult> {
  declare readonly __result?: TResult;
  abstract readonly kind: "command" | "query";
  /** Stable name for logs, audit and traces, e.g. "ConfirmOrder". */
  get messageName(): string {
    return this.constructor.name;
  }
}

export abstract class Command<TResult = void> extends Message<TResult> {
  readonly kind = "command" as const;
  /** The version the client based its change on (If-Match); if stale, refused instead of retried. */
  expectedVersion?: number | undefined;

  /**
   * The id of what the command acts on, as the audit trail records it (`GET /audit?targetId=`): the
   * id a create answers (`result` is a UUID), otherwise the first of the command's own fields named
   * `id` or `…Id`, otherwise none. A command whose aggregate is not that one says so by overriding
   * this (adding an address to a customer answers the address's id; its target is the customer).
   */
  auditTarget(result?: TResult): string | undefined {
    if (typeof result === "string" && isUuid(result)) return result;
    for (const [key, value] of Object.entries(this)) {
      if ((key === "id" || key.endsWith("Id")) && typeof value === "string") return value;
    }
    return undefined;
  }
}

export abstract class Query<TResult> extends Message<TResult> {
  readonly kind = "query" as const;
}

export type ResultOf<M> = M extends Message<infer R> ? R : never;

export interface MessageContext {
  correlationId: string;
  causationId: string;
  requestId?: string | undefined;
  actor?: { id: string; roles: string[] } | undefined;
}

export interface MessageHandler<M extends Message<unknown>> {
  handle(message: M, context: MessageContext): Promise<ResultOf<M>>;
}

export interface PipelineBehaviour {
  readonly name: string;
  readonly appliesTo: "command" | "query" | "all";
  handle(message: Message<unknown>, context: MessageContext, next: () => Promise<unknown>): Promise<unknown>;
}
