import { AsyncLocalStorage } from "node:async_hooks";
import { recordIdempotentCommit } from "./idempotent-commit.ts";
import type { SqlExecutor } from "./sql-executor.ts";

export interface UnitOfWork {
  /** Runs `work` in one transaction; nested calls join the outer one. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Whether the caller is inside a transaction of this unit of work (a nested command). */
  inTransaction?(): boolean;
}

interface TransactionalClient<TTx> {
  $transaction<R>(fn: (tx: TTx) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
}

interface Scope<TTx> {
  tx: TTx;
  afterCommit: (() => void | Promise<void>)[];
}

/**
 * The transaction of the command being handled, reachable from every repository without threading
 * it through each call. Work registered with `afterCommit` (cache invalidation) runs only once the
 * transaction has committed.
 */
export class PrismaUnitOfWork<TTx extends SqlExecutor> implements UnitOfWork {
  readonly #scope = new AsyncLocalStorage<Scope<TTx>>();

  constructor(
    private readonly client: TransactionalClient<TTx>,
    private readonly options: { timeoutMs?: number; onAfterCommitError?: (error: unknown) => void } = {},
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#scope.getStore()) return work();
    const afterCommit: Scope<TTx>["afterCommit"] = [];
    const result = await this.client.$transaction(
      (tx) =>
        this.#scope.run({ tx, afterCommit }, async () => {
          const value = await work();
          await recordIdempotentCommit(tx);
          return value;
        }),
      {
        maxWait: 5_000,
        timeout: this.options.timeoutMs ?? 15_000,
      },
    );
    // The transaction has committed: a failing follow-up (a cache delete) must not turn the
    // client's success into an error, which would invite a retry of a command that took effect.
    for (const fn of afterCommit) await this.#safely(fn);
    return result;
  }

  async #safely(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.options.onAfterCommitError?.(error);
    }
  }

  inTransaction(): boolean {
    return this.#scope.getStore() !== undefined;
  }

  /** The current transaction; repositories call this, so they cannot write outside one. */
  current(): TTx {
    const scope = this.#scope.getStore();
    if (!scope) throw new Error("no unit of work is active: writes must run inside a command");
    return scope.tx;
  }

  /** The current transaction if there is one, otherwise the fallback (plain reads). */
  currentOr<T>(fallback: T): TTx | T {
    return this.#scope.getStore()?.tx ?? fallback;
  }

  afterCommit(fn: () => void | Promise<void>): void {
    const scope = this.#scope.getStore();
    if (scope) scope.afterCommit.push(fn);
    else void this.#safely(fn);
  }
}
