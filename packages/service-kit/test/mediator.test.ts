import { DomainError } from "@ecommerce/domain-kernel";
import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import {
  Command,
  ConcurrencyConflict,
  HttpProblem,
  InvalidMessage,
  loggingBehaviour,
  Mediator,
  type MessageContext,
  type PipelineBehaviour,
  Query,
  retryOnConflictBehaviour,
  runWithContext,
  StaleVersion,
  tracingBehaviour,
  validationBehaviour,
} from "../src/index.ts";
import { captureLogs } from "./support/log-capture.ts";

class PlaceOrder extends Command<{ orderId: string }> {
  static readonly schema = Type.Object(
    {
      customerId: Type.String({ format: "uuid" }),
      quantity: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  );
  constructor(
    readonly customerId: string,
    readonly quantity: number,
  ) {
    super();
  }
}

class ConfirmOrder extends Command<number> {
  constructor(
    readonly orderId: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

class GetOrder extends Query<{ id: string; status: string }> {
  constructor(readonly orderId: string) {
    super();
  }
}

const CUSTOMER = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

/** A behaviour that writes "<name>:before" and "<name>:after" around the rest of the pipeline. */
function tracer(
  name: string,
  trail: string[],
  appliesTo: PipelineBehaviour["appliesTo"] = "all",
): PipelineBehaviour {
  return {
    name,
    appliesTo,
    async handle(_message, _context, next) {
      trail.push(`${name}:before`);
      try {
        return await next();
      } finally {
        trail.push(`${name}:after`);
      }
    },
  };
}

describe("Mediator", () => {
  it("dispatches each command and query to the handler registered for its class", async () => {
    const received: unknown[] = [];
    const mediator = new Mediator()
      .register(PlaceOrder, {
        handle: async (command) => {
          received.push(command);
          return { orderId: `order-for-${command.customerId}` };
        },
      })
      .register(GetOrder, { handle: async (query) => ({ id: query.orderId, status: "Pending" }) });

    const placed = await mediator.send(new PlaceOrder(CUSTOMER, 2));
    expect(placed).toEqual({ orderId: `order-for-${CUSTOMER}` });
    expect(received).toEqual([expect.any(PlaceOrder)]);
    expect(await mediator.ask(new GetOrder("o-1"))).toEqual({ id: "o-1", status: "Pending" });
  });

  it("refuses a message without a handler, and a second handler for the same class", async () => {
    const mediator = new Mediator().register(GetOrder, { handle: async () => ({ id: "x", status: "y" }) });
    await expect(mediator.send(new ConfirmOrder("o-1"))).rejects.toThrow(
      /no handler registered for ConfirmOrder/,
    );
    expect(() => mediator.register(GetOrder, { handle: async () => ({ id: "x", status: "y" }) })).toThrow(
      /GetOrder already has a handler/,
    );
  });

  it("runs behaviours outermost-first in registration order, each only for its kind", async () => {
    const trail: string[] = [];
    const mediator = new Mediator()
      .use(tracer("outer", trail))
      .use(tracer("commands-only", trail, "command"))
      .use(tracer("queries-only", trail, "query"))
      .use(tracer("inner", trail))
      .register(ConfirmOrder, {
        handle: async () => {
          trail.push("handler");
          return 1;
        },
      })
      .register(GetOrder, {
        handle: async () => {
          trail.push("handler");
          return { id: "o", status: "s" };
        },
      });

    await mediator.send(new ConfirmOrder("o-1"));
    expect(trail).toEqual([
      "outer:before",
      "commands-only:before",
      "inner:before",
      "handler",
      "inner:after",
      "commands-only:after",
      "outer:after",
    ]);

    trail.length = 0;
    await mediator.ask(new GetOrder("o-1"));
    expect(trail).toEqual([
      "outer:before",
      "queries-only:before",
      "inner:before",
      "handler",
      "inner:after",
      "queries-only:after",
      "outer:after",
    ]);
  });

  it("lets a behaviour short-circuit the handler", async () => {
    let handled = false;
    const mediator = new Mediator()
      .use({ name: "cache", appliesTo: "query", handle: async () => ({ id: "cached", status: "Paid" }) })
      .register(GetOrder, {
        handle: async () => {
          handled = true;
          return { id: "fresh", status: "Pending" };
        },
      });
    expect(await mediator.ask(new GetOrder("o"))).toEqual({ id: "cached", status: "Paid" });
    expect(handled).toBe(false);
  });

  describe("context", () => {
    function contextEcho() {
      return new Mediator().register(ConfirmOrder, {
        handle: async (_command, context) => {
          seen.push(context);
          return 0;
        },
      });
    }
    const seen: MessageContext[] = [];

    it("takes correlation, causation, request id and actor from runWithContext", async () => {
      seen.length = 0;
      const mediator = contextEcho();
      const actor = { id: "user-7", roles: ["customer"] };
      await runWithContext(
        { requestId: "req-1", correlationId: "corr-1", causationId: "cause-1", actor },
        () => mediator.send(new ConfirmOrder("o-1")),
      );
      expect(seen).toEqual([{ requestId: "req-1", correlationId: "corr-1", causationId: "cause-1", actor }]);
    });

    it("keeps the context across awaits in the handler, and separate between concurrent requests", async () => {
      seen.length = 0;
      const mediator = contextEcho();
      await Promise.all(
        ["a", "b", "c"].map((id) =>
          runWithContext({ requestId: id, correlationId: `corr-${id}`, causationId: id }, async () => {
            await new Promise((resolve) => setImmediate(resolve));
            return mediator.send(new ConfirmOrder(id));
          }),
        ),
      );
      expect(seen.map((c) => c.correlationId).sort()).toEqual(["corr-a", "corr-b", "corr-c"]);
    });

    it("prefers an explicit context, and makes up a correlation id when there is none", async () => {
      seen.length = 0;
      const mediator = contextEcho();
      await runWithContext({ requestId: "r", correlationId: "from-request", causationId: "r" }, () =>
        mediator.send(new ConfirmOrder("o"), { correlationId: "from-event", causationId: "event-9" }),
      );
      await mediator.send(new ConfirmOrder("o"));
      expect(seen[0]).toMatchObject({ correlationId: "from-event", causationId: "event-9", requestId: "r" });
      expect(seen[1]?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen[1]?.causationId).toBe(seen[1]?.correlationId);
      expect(seen[1]?.actor).toBeUndefined();
    });
  });
});

describe("validationBehaviour", () => {
  function mediatorCounting() {
    const calls = { n: 0 };
    const mediator = new Mediator()
      .use(validationBehaviour())
      .register(PlaceOrder, {
        handle: async () => {
          calls.n++;
          return { orderId: "o-1" };
        },
      })
      .register(ConfirmOrder, {
        handle: async () => {
          calls.n++;
          return 1;
        },
      });
    return { mediator, calls };
  }

  it("passes a message that matches its static schema (strict schemas included)", async () => {
    const { mediator, calls } = mediatorCounting();
    await expect(mediator.send(new PlaceOrder(CUSTOMER, 3))).resolves.toEqual({ orderId: "o-1" });
    expect(calls.n).toBe(1);
  });

  it("rejects a message that does not match, with field errors, before the handler runs", async () => {
    const { mediator, calls } = mediatorCounting();
    const sent = mediator.send(new PlaceOrder("not-a-uuid", 0));
    // An application error, not an HTTP one: the HTTP edge alone maps its kind to 400.
    await expect(sent).rejects.toBeInstanceOf(InvalidMessage);
    const problem = (await sent.catch((e: unknown) => e)) as InvalidMessage;
    expect(problem.kind).toBe("malformed");
    expect(problem.code).toBe("validation_failed");
    expect(problem.message).toBe("PlaceOrder is invalid");
    const errors = problem.errors;
    expect(errors.map((e) => e.field).sort()).toEqual(["customerId", "quantity"]);
    expect(calls.n).toBe(0);
  });

  it("lets messages without a schema through", async () => {
    const { mediator, calls } = mediatorCounting();
    await mediator.send(new ConfirmOrder("anything", 3));
    expect(calls.n).toBe(1);
  });
});

describe("retryOnConflictBehaviour", () => {
  function flaky(conflicts: number) {
    const state = { attempts: 0 };
    const mediator = new Mediator().use(retryOnConflictBehaviour(5)).register(ConfirmOrder, {
      handle: async () => {
        state.attempts++;
        if (state.attempts <= conflicts) throw new ConcurrencyConflict("order", "o-1", 7);
        return state.attempts;
      },
    });
    return { mediator, state };
  }

  it("retries a handler that lost an optimistic-concurrency race until it succeeds", async () => {
    const { mediator, state } = flaky(3);
    expect(await mediator.send(new ConfirmOrder("o-1"))).toBe(4);
    expect(state.attempts).toBe(4);
  });

  it("gives up after the maximum number of attempts with the conflict", async () => {
    const { mediator, state } = flaky(100);
    await expect(mediator.send(new ConfirmOrder("o-1"))).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(state.attempts).toBe(5);
  });

  it("answers 412 at once when the client named the version it expected", async () => {
    const { mediator, state } = flaky(1);
    const error = await mediator.send(new ConfirmOrder("o-1", 6)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleVersion);
    expect(error).toMatchObject({
      kind: "stale",
      code: "precondition_failed",
      details: { currentVersion: 7 },
    });
    expect(state.attempts).toBe(1);
  });

  it("does not retry other errors", async () => {
    let attempts = 0;
    const mediator = new Mediator().use(retryOnConflictBehaviour()).register(ConfirmOrder, {
      handle: async () => {
        attempts++;
        throw new HttpProblem(409, "order_not_pending", "not pending");
      },
    });
    await expect(mediator.send(new ConfirmOrder("o-1"))).rejects.toThrow("not pending");
    expect(attempts).toBe(1);
  });
});

describe("loggingBehaviour and tracingBehaviour", () => {
  it("logs success at debug, a client's error at info and an unexpected one at error, and pass results through", async () => {
    const logs = captureLogs("ordering", "debug");
    let error: Error | undefined;
    const mediator = new Mediator()
      .use(loggingBehaviour(logs.logger))
      .use(tracingBehaviour("ordering"))
      .register(ConfirmOrder, {
        handle: async () => {
          if (error) throw error;
          return 5;
        },
      });

    await expect(
      runWithContext({ requestId: "r", correlationId: "corr-log", causationId: "r" }, () =>
        mediator.send(new ConfirmOrder("o")),
      ),
    ).resolves.toBe(5);
    error = new DomainError("order_not_pending", "no", "illegal-state");
    await expect(mediator.send(new ConfirmOrder("o"))).rejects.toBe(error);
    error = new Error("boom");
    await expect(mediator.send(new ConfirmOrder("o"))).rejects.toBe(error);

    const entries = logs.entries();
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({
      level: 20,
      msg: "handled",
      message: "ConfirmOrder",
      kind: "command",
      correlationId: "corr-log",
    });
    expect(entries[0]?.ms).toEqual(expect.any(Number));
    expect(entries[1]).toMatchObject({ level: 30, msg: "failed", err: { message: "no" } });
    expect(entries[2]).toMatchObject({ level: 50, msg: "failed", err: { message: "boom" } });
  });
});
