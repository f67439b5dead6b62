import { randomUUID } from "node:crypto";
import { ProductCreated, ProductPriceChanged, parseEvent } from "@ecommerce/contracts";
import type { TestDatabase } from "@ecommerce/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type IntegrationEventTranslator,
  IntegrationOutbox,
  integrationEvent,
} from "../src/outbox/integration-event-translator.ts";
import { pgExecutor } from "../src/sql-executor.ts";
import { createServiceDatabase, inTransaction, testPool } from "./support/service-database.ts";

// The outbound seam: a service's translator says what a save publishes; IntegrationOutbox stamps
// the envelopes (metadata, the aggregate version as `sequence`) and writes them in the save's transaction.

interface Product {
  id: string;
  changes: ("created" | "repriced" | "renamed")[];
}

const translator: IntegrationEventTranslator<Product> = {
  translate: (product) =>
    product.changes.flatMap((change) => {
      const price = { amount: "9.90", currency: "EUR" };
      if (change === "created") {
        const data = { productId: product.id, sku: "SKU-9", name: "Desk", price };
        return [integrationEvent(ProductCreated, data, new Date("2026-11-26T12:00:00Z"))];
      }
      if (change === "repriced")
        return [integrationEvent(ProductPriceChanged, { productId: product.id, price })];
      return []; // stays inside the service
    }),
};

let database: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  database = await createServiceDatabase();
  pool = testPool(database.url);
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

const outbox = new IntegrationOutbox(translator);
const rowsOf = async (subject: string) =>
  (
    await pool.query("SELECT envelope FROM messaging_outbox WHERE subject = $1 ORDER BY position", [subject])
  ).rows.map((r) => parseEvent(r.envelope));

describe("IntegrationOutbox", () => {
  it("writes each translated event, in order, with the metadata and the save's version as its sequence", async () => {
    const product: Product = { id: randomUUID(), changes: ["created", "renamed", "repriced"] };
    const metadata = { correlationId: "checkout-7", causationId: randomUUID() };
    await inTransaction(pool, (client) => outbox.write(pgExecutor(client), product, 4, metadata));
    const rows = await rowsOf(product.id);
    expect(rows.map((e) => [e.type, e.sequence, e.correlationid, e.causationid])).toEqual([
      [ProductCreated.type, 4, "checkout-7", metadata.causationId],
      [ProductPriceChanged.type, 4, "checkout-7", metadata.causationId],
    ]);
    expect(rows[0]?.time).toBe("2026-11-26T12:00:00.000Z");
  });

  it("writes nothing for a save that publishes nothing, and nothing when the save rolls back", async () => {
    const quiet: Product = { id: randomUUID(), changes: ["renamed"] };
    await inTransaction(pool, (client) =>
      outbox.write(pgExecutor(client), quiet, 2, { correlationId: "c", causationId: "c" }),
    );
    expect(await rowsOf(quiet.id)).toEqual([]);
    const failed: Product = { id: randomUUID(), changes: ["created"] };
    await expect(
      inTransaction(pool, async (client) => {
        await outbox.write(pgExecutor(client), failed, 1, { correlationId: "c", causationId: "c" });
        throw new Error("the save fails after the outbox");
      }),
    ).rejects.toThrow("the save fails");
    expect(await rowsOf(failed.id)).toEqual([]);
  });
});
