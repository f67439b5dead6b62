import { randomUUID } from "node:crypto";
import { currentContext } from "../context/request-context.ts";
import type {
  Command,
  Message,
  MessageContext,
  MessageHandler,
  PipelineBehaviour,
  Query,
  ResultOf,
} from "./message.ts";

// biome-ignore lint/suspicious/noExplicitAny: constructors of any message shape are map keys
type MessageClass<M> = abstract new (...args: any[]) => M;

/**
 * Dispatches each command or query to its one handler through the pipeline behaviours, outermost
 * first in the order they were added (logging, tracing, audit, validation, transaction...).
 */
export class Mediator {
  readonly #handlers = new Map<unknown, MessageHandler<Message<unknown>>>();
  readonly #behaviours: PipelineBehaviour[] = [];

  register<M extends Message<unknown>>(type: MessageClass<M>, handler: MessageHandler<M>): this {
    if (this.#handlers.has(type)) throw new Error(`${type.name} already has a handler`);
    this.#handlers.set(type, handler as unknown as MessageHandler<Message<unknown>>);
    return this;
  }

  use(behaviour: PipelineBehaviour): this {
    this.#behaviours.push(behaviour);
    return this;
  }

  send<C extends Command<unknown>>(command: C, context?: Partial<MessageContext>): Promise<ResultOf<C>> {
    return this.#dispatch(command, context);
  }

  ask<Q extends Query<unknown>>(query: Q, context?: Partial<MessageContext>): Promise<ResultOf<Q>> {
    return this.#dispatch(query, context);
  }

  async #dispatch<M extends Message<unknown>>(
    message: M,
    given?: Partial<MessageContext>,
  ): Promise<ResultOf<M>> {
    const handler = this.#handlers.get(message.constructor);
    if (!handler) throw new Error(`no handler registered for ${message.messageName}`);
    const context = this.#context(given);
    const chain = this.#behaviours.filter((b) => b.appliesTo === "all" || b.appliesTo === message.kind);
    const run = (index: number): Promise<unknown> => {
      const behaviour = chain[index];
      if (!behaviour) return handler.handle(message, context);
      return behaviour.handle(message, context, () => run(index + 1));
    };
    return (await run(0)) as ResultOf<M>;
  }

  #context(given?: Partial<MessageContext>): MessageContext {
    const request = currentContext();
    const id = randomUUID();
    return {
      correlationId: given?.correlationId ?? request?.correlationId ?? id,
      causationId: given?.causationId ?? request?.causationId ?? id,
      requestId: given?.requestId ?? request?.requestId,
      actor: given?.actor ?? request?.actor,
    };
  }
}
