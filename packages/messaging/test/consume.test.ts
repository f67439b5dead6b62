import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import {
  ContractViolationError,
  createEvent,
  ProductCreated,
  ProductDiscontinued,
  ProductPriceChanged,
} from "@ecommerce/contracts";
import type { TestDatabase } from "@ecommerce/test-support";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type Consumer,
  consume,
  consumerSet,
  type EventPipeline,
  subscribeConsumers,
} from "../src/consumer/consume.ts";
import { DeadLetterReasons } from "../src/delivery.ts";
import { PermanentFailure } from "../src/permanent-failure.ts";
import { pgExecutor, type SqlExecutor } from "../src/sql-executor.ts";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import { createBusDatabase, postgresBusConfig } from "./support/postgres-bus.ts";
import { createServiceDatabase, inTransaction, testPool } from "./support/service-database.ts";
import { testLogger } from "./support/test-logger.ts";
import { waitFor } from "./support/wait-for.ts";

// consume() on the real pg-boss transport and a real service database: the event is parsed once,
// the inbox row and the effect commit together (a redelivery has no second effect), a type nobody
// handles and a refusal are dead-lettered at once with their reason.

const SUBSCRIPTION = "catalog.ordering";

/** A refusal as a service's domain would raise it. */
class Refused extends Error {
  constructor(readonly code: string) {
    super(`refused: ${code}`);
  }
}

let busDatabase: TestDatabase;
let serviceDatabase: TestDatabase;
let pool: pg.Pool;
let bus: PgBossEventBus;
/** Event ids whose handler should fail once after writing its effect and the inbox row. */
const failOnce = new Set<string>();
const runs: string[] = [];

/** The delivery's transaction, as a service's unit of work keeps it for its repositories. */
const transaction = new AsyncLocalStorage<SqlExecutor>();

/** The service's side of the port: one node-postgres transaction per event (a mediator in services). */
const pipeline: EventPipeline = {
  run: (event, subscription, work) =>
    inTransaction(pool, async (client) => {
      runs.push(`${subscription} ${event.type}`);
      const tx = pgExecutor(client);
      return transaction.run(tx, () => work(tx));
    }),
  refusal: (error) => (error instanceof Refused ? error.code : undefined),
};

let consumer: Consumer;

beforeAll(async () => {
  [busDatabase, serviceDatabase] = await Promise.all([createBusDatabase(), createServiceDatabase()]);
  pool = testPool(serviceDatabase.url);
  consumer = consume(
    SUBSCRIPTION,
    {
      [ProductCreated.type]: async (event, delivery) => {
        await transaction
          .getStore()
          ?.$executeRawUnsafe(
            "INSERT INTO effects (event_id, subject) VALUES ($1, $2)",
            event.id,
            event.data.productId,
          );
        if (failOnce.has(event.id) && delivery.deliveryCount === 1) {
          throw new Error("the effect's transaction fails once, after the inbox row");
        }
      },
      [ProductPriceChanged.type]: async () => {
        throw new Refused("product.unknown_currency");
      },
    },
    pipeline,
  );
  bus = new PgBossEventBus(postgresBusConfig(busDatabase.url), testLogger);
  await bus.start();
  await subscribeConsumers(bus, consumerSet([consumer]));
}, 60_000);

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await bus?.stop();
  await pool?.end();
  await Promise.all([busDatabase?.drop(), serviceDatabase?.drop()]);
});

const count = async (sql: string, ...values: unknown[]) => Number((await pool.query(sql, values)).rows[0].n);
const effects = (eventId: string) => count("SELECT count(*) AS n FROM effects WHERE event_id = $1", eventId);
const inboxRows = (eventId: string) =>
  count("SELECT count(*) AS n FROM messaging_inbox WHERE event_id = $1", eventId);
const letterOf = async (eventId: string) =>
  (await bus.deadLetters(SUBSCRIPTION)).find((letter) => letter.event.id === eventId);

const productCreated = () =>
  createEvent(
    ProductCreated,
    { productId: randomUUID(), sku: "SKU-1", name: "Lamp", price: { amount: "12.50", currency: "EUR" } },
    { correlationId: randomUUID() },
  );

describe("consume on the postgres bus", () => {
  it("parses each delivery once, against the contract (the transport does not parse it again)", async () => {
    const event = productCreated();
    const check = vi.spyOn(ProductCreated, "check");
    await bus.publish([event]);
    await waitFor("the effect", async () => (await effects(event.id)) === 1);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it("has one effect however often the event is delivered: a failed attempt rolls back its inbox row", async () => {
    const event = productCreated();
    failOnce.add(event.id);
    await bus.publish([event]);
    await waitFor("the retried delivery's effect", async () => (await effects(event.id)) === 1);
    expect(await inboxRows(event.id)).toBe(1);
    // delivered again (a redelivery after a lost acknowledgement): recorded, so no second effect
    expect(await consumer.deliver(event, { deliveryCount: 2 })).toBe("duplicate");
    const again = await Promise.all([1, 2, 3].map(() => consumer.deliver(JSON.parse(JSON.stringify(event)))));
    expect(again).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(await effects(event.id)).toBe(1);
  });

  it("dead-letters at once a type the consumer has no handler for, with the reason, without an inbox row", async () => {
    const event = createEvent(
      ProductDiscontinued,
      { productId: randomUUID() },
      { correlationId: randomUUID() },
    );
    const runsBefore = runs.length;
    await bus.publish([event]);
    const letter = await waitFor("the dead letter", () => letterOf(event.id));
    expect(letter).toMatchObject({ reason: DeadLetterReasons.unhandledEventType, deliveryCount: 1 });
    expect(letter.description).toContain(ProductDiscontinued.type);
    expect(await inboxRows(event.id)).toBe(0);
    expect(runs.slice(runsBefore)).toEqual([]); // no transaction was even opened
  });

  it("dead-letters a refusal at once with its code as the reason, writing nothing", async () => {
    const event = createEvent(
      ProductPriceChanged,
      { productId: randomUUID(), price: { amount: "1.00", currency: "EUR" } },
      { correlationId: randomUUID() },
    );
    await bus.publish([event]);
    const letter = await waitFor("the dead letter", () => letterOf(event.id));
    expect(letter).toMatchObject({ reason: "product.unknown_currency", deliveryCount: 1 });
    expect(await inboxRows(event.id)).toBe(0);
    await expect(consumer.deliver(event)).rejects.toBeInstanceOf(PermanentFailure);
  });

  it("dead-letters an event that breaks its contract, before any transaction", async () => {
    const valid = productCreated();
    const broken = { ...valid, data: { ...valid.data, price: { amount: "12.5", currency: "EUR" } } };
    await bus.publish([broken]);
    const letter = await waitFor("the dead letter", () => letterOf(broken.id));
    expect(letter).toMatchObject({ reason: DeadLetterReasons.contractViolation, deliveryCount: 1 });
    await expect(consumer.deliver(broken)).rejects.toBeInstanceOf(ContractViolationError);
    expect(await effects(broken.id)).toBe(0);
  });
});
