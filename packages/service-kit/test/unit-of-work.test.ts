import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  Command,
  ConcurrencyConflict,
  Mediator,
  PrismaUnitOfWork,
  Query,
  retryOnConflictBehaviour,
  type SqlExecutor,
  transactionBehaviour,
} from "../src/index.ts";
import { pgExecutor, pgTransactional } from "./support/pg-executor.ts";

class PlaceOrder extends Command<string> {
  constructor(
    readonly id: string,
    readonly failAfterWrites = false,
  ) {
    super();
  }
}

class CountOrders extends Query<number> {}

describe("transactionBehaviour with PrismaUnitOfWork (real PostgreSQL)", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let client: ReturnType<typeof pgTransactional>;
  let uow: PrismaUnitOfWork<SqlExecutor>;
  const outside = () => pgExecutor(pool);

  async function counts() {
    const [row] = await outside().$queryRawUnsafe<{ orders: number; views: number }[]>(
      "SELECT (SELECT count(*)::int FROM orders) AS orders, (SELECT count(*)::int FROM order_view) AS views",
    );
    return row;
  }

  beforeAll(async () => {
    db = await createTestDatabase({ prefix: "sk_uow" });
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    await pool.query(`
      CREATE TABLE orders (id text PRIMARY KEY, version int NOT NULL DEFAULT 1);
      CREATE TABLE order_view (id text PRIMARY KEY);
    `);
  });
  beforeEach(async () => {
    await pool.query("TRUNCATE orders, order_view");
    client = pgTransactional(pool);
    uow = new PrismaUnitOfWork<SqlExecutor>(client);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  /** The write side: the aggregate row and its read model, both through the current transaction. */
  function mediatorWith(afterCommit: string[] = []) {
    return new Mediator()
      .use(transactionBehaviour(uow))
      .register(PlaceOrder, {
        async handle(command) {
          await uow.current().$executeRawUnsafe("INSERT INTO orders (id) VALUES ($1)", command.id);
          uow.afterCommit(() => {
            afterCommit.push(command.id);
          });
          await uow.current().$executeRawUnsafe("INSERT INTO order_view (id) VALUES ($1)", command.id);
          if (command.failAfterWrites) throw new Error("projection failed");
          return command.id;
        },
      })
      .register(CountOrders, {
        async handle() {
          // Queries run without a transaction: there is none to join.
          expect(() => uow.current()).toThrow(/no unit of work is active/);
          const [row] = await uow
            .currentOr(outside())
            .$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM orders");
          return row?.n ?? -1;
        },
      });
  }

  it("commits every write of a command together", async () => {
    const mediator = mediatorWith();
    expect(await mediator.send(new PlaceOrder("o-1"))).toBe("o-1");
    expect(await counts()).toEqual({ orders: 1, views: 1 });
    expect(client.transactions).toBe(1);
    expect(await mediator.ask(new CountOrders())).toBe(1);
    expect(client.transactions).toBe(1);
  });

  it("rolls every write back when the handler fails after some of them", async () => {
    const mediator = mediatorWith();
    await expect(mediator.send(new PlaceOrder("o-2", true))).rejects.toThrow("projection failed");
    expect(await counts()).toEqual({ orders: 0, views: 0 });
  });

  it("rolls back when the database refuses a later write", async () => {
    const mediator = mediatorWith();
    await pool.query("INSERT INTO order_view (id) VALUES ('dup')");
    await expect(mediator.send(new PlaceOrder("dup"))).rejects.toThrow(/duplicate key/);
    expect(await counts()).toEqual({ orders: 0, views: 1 });
  });

  it("writes are invisible to other connections until the commit", async () => {
    let seenFromOutside: number | undefined;
    await uow.run(async () => {
      await uow.current().$executeRawUnsafe("INSERT INTO orders (id) VALUES ('o-3')");
      seenFromOutside = (await counts())?.orders;
    });
    expect(seenFromOutside).toBe(0);
    expect((await counts())?.orders).toBe(1);
  });

  it("a nested run joins the outer transaction: one transaction, and the outer failure undoes the inner writes", async () => {
    let inner: SqlExecutor | undefined;
    let outer: SqlExecutor | undefined;
    await expect(
      uow.run(async () => {
        outer = uow.current();
        await uow.current().$executeRawUnsafe("INSERT INTO orders (id) VALUES ('outer')");
        await uow.run(async () => {
          inner = uow.current();
          await uow.current().$executeRawUnsafe("INSERT INTO order_view (id) VALUES ('inner')");
        });
        throw new Error("outer fails after the inner run finished");
      }),
    ).rejects.toThrow("outer fails");
    expect(inner).toBe(outer);
    expect(client.transactions).toBe(1);
    expect(await counts()).toEqual({ orders: 0, views: 0 });
  });

  it("a command sent from inside another command's handler joins its transaction", async () => {
    const mediator = mediatorWith();
    class PlaceTwo extends Command<void> {}
    mediator.register(PlaceTwo, {
      async handle() {
        await mediator.send(new PlaceOrder("first"));
        await mediator.send(new PlaceOrder("second", true));
      },
    });
    await expect(mediator.send(new PlaceTwo())).rejects.toThrow("projection failed");
    expect(client.transactions).toBe(1);
    expect(await counts()).toEqual({ orders: 0, views: 0 });
  });

  it("runs afterCommit work only once the transaction has committed, and never after a rollback", async () => {
    const afterCommit: string[] = [];
    const visibleAtAfterCommit: (number | undefined)[] = [];
    const mediator = mediatorWith(afterCommit);
    uow.afterCommit(async () => {
      // Outside a unit of work, afterCommit work runs at once.
      visibleAtAfterCommit.push(-1);
    });
    expect(visibleAtAfterCommit).toEqual([-1]);

    await mediator.send(new PlaceOrder("ok-1"));
    expect(afterCommit).toEqual(["ok-1"]);

    await expect(mediator.send(new PlaceOrder("bad", true))).rejects.toThrow();
    expect(afterCommit).toEqual(["ok-1"]);

    await uow.run(async () => {
      await uow.current().$executeRawUnsafe("INSERT INTO orders (id) VALUES ('ok-2')");
      uow.afterCommit(async () => {
        visibleAtAfterCommit.push((await counts())?.orders);
      });
      expect(visibleAtAfterCommit).toEqual([-1]);
    });
    // The work saw the committed row from another connection: it ran after COMMIT.
    expect(visibleAtAfterCommit).toEqual([-1, 2]);
  });

  it("with retryOnConflictBehaviour outside it, each attempt gets a fresh transaction", async () => {
    let attempts = 0;
    const mediator = new Mediator()
      .use(retryOnConflictBehaviour())
      .use(transactionBehaviour(uow))
      .register(PlaceOrder, {
        async handle(command) {
          attempts++;
          await uow
            .current()
            .$executeRawUnsafe("INSERT INTO orders (id) VALUES ($1)", `${command.id}-${attempts}`);
          const updated = await uow
            .current()
            .$executeRawUnsafe(
              "UPDATE orders SET version = version + 1 WHERE id = 'contended' AND version = 1",
            );
          if (updated === 0) {
            // Another writer got there first: release the row so the next attempt wins.
            await outside().$executeRawUnsafe("UPDATE orders SET version = 1 WHERE id = 'contended'");
            throw new ConcurrencyConflict("order", "contended", 2);
          }
          return command.id;
        },
      });
    await pool.query("INSERT INTO orders (id, version) VALUES ('contended', 2)");
    expect(await mediator.send(new PlaceOrder("try"))).toBe("try");
    expect(attempts).toBe(2);
    expect(client.transactions).toBe(2);
    const rows = await pool.query<{ id: string; version: number }>(
      "SELECT id, version FROM orders ORDER BY id",
    );
    // The first attempt's insert was rolled back with its transaction.
    expect(rows.rows).toEqual([
      { id: "contended", version: 2 },
      { id: "try-2", version: 1 },
    ]);
  });
});
