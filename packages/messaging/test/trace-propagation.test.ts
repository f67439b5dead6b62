import { randomUUID } from "node:crypto";
import { causedBy, createEvent, isEvent, OrderConfirmed, StockReserved } from "@ecommerce/contracts";
import type { TestDatabase } from "@ecommerce/test-support";
import { SpanKind, trace } from "@opentelemetry/api";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendToOutbox } from "../src/outbox/append-to-outbox.ts";
import { OutboxRelay } from "../src/outbox/outbox-relay.ts";
import { pgExecutor } from "../src/sql-executor.ts";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import { orderConfirmed } from "./support/events.ts";
import { createBusDatabase, postgresBusConfig } from "./support/postgres-bus.ts";
import { createServiceDatabase, inTransaction, testPool } from "./support/service-database.ts";
import { testLogger } from "./support/test-logger.ts";
import { registerTestTracing } from "./support/tracing.ts";
import { waitFor } from "./support/wait-for.ts";

describe("trace and correlation across the bus", () => {
  const exporter = registerTestTracing();
  let busDb: TestDatabase;
  let orderingDb: TestDatabase;
  let catalogDb: TestDatabase;
  let ordering: pg.Pool;
  let catalog: pg.Pool;
  let bus: PgBossEventBus;
  let relay: OutboxRelay;

  beforeAll(async () => {
    [busDb, orderingDb, catalogDb] = await Promise.all([
      createBusDatabase(),
      createServiceDatabase(),
      createServiceDatabase(),
    ]);
    ordering = testPool(orderingDb.url);
    catalog = testPool(catalogDb.url);
    bus = new PgBossEventBus(postgresBusConfig(busDb.url), testLogger);
    await bus.start();
    relay = new OutboxRelay({ databaseUrl: orderingDb.url, bus, logger: testLogger });
    await relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    await bus.stop();
    await Promise.all([ordering.end(), catalog.end()]);
    await Promise.all([busDb.drop(), orderingDb.drop(), catalogDb.drop()]);
  });

  it("continues the request's trace in the consumer and carries correlation and causation on", async () => {
    const seen: { traceId?: string; parentSpanId?: string } = {};
    // Catalog, handling OrderConfirmed, publishes what it caused through its own outbox.
    await bus.subscribe("ordering.catalog", async (event) => {
      seen.traceId = trace.getActiveSpan()?.spanContext().traceId;
      if (!isEvent(event, OrderConfirmed)) return;
      const reserved = createEvent(
        StockReserved,
        { orderId: event.data.orderId, lines: [{ productId: randomUUID(), quantity: 1 }] },
        causedBy(event),
      );
      await inTransaction(catalog, (client) => appendToOutbox(pgExecutor(client), [reserved]));
    });

    // Ordering, inside the span of the HTTP request that confirmed the order.
    const tracer = trace.getTracer("test");
    const confirmed = orderConfirmed(randomUUID(), "req-7f3a");
    const request = await tracer.startActiveSpan("POST /orders/{id}/confirm", async (span) => {
      await inTransaction(ordering, (client) => appendToOutbox(pgExecutor(client), [confirmed]));
      span.end();
      return span.spanContext();
    });

    const caused = await waitFor("catalog to write the caused event", async () => {
      const { rows } = await catalog.query("SELECT envelope FROM messaging_outbox");
      return rows[0]?.envelope;
    });

    expect(seen.traceId).toBe(request.traceId);
    const consumerSpan = await waitFor("the consumer span to end", () =>
      exporter
        .getFinishedSpans()
        .find((s) => s.name === "process ordering.catalog" && s.kind === SpanKind.CONSUMER),
    );
    // request → the relay's PRODUCER span (a child of the span that wrote the event) → the CONSUMER span.
    const producerSpan = exporter
      .getFinishedSpans()
      .find((s) => s.kind === SpanKind.PRODUCER && s.attributes["messaging.message.id"] === confirmed.id);
    expect(producerSpan?.name).toBe(`send ${confirmed.type}`);
    expect(producerSpan?.spanContext().traceId).toBe(request.traceId);
    expect(producerSpan?.parentSpanContext?.spanId).toBe(request.spanId);
    expect(consumerSpan?.spanContext().traceId).toBe(request.traceId);
    expect(consumerSpan?.parentSpanContext?.spanId).toBe(producerSpan?.spanContext().spanId);
    expect(consumerSpan?.attributes["messaging.message.id"]).toBe(confirmed.id);

    expect(caused.correlationid).toBe("req-7f3a");
    expect(caused.causationid).toBe(confirmed.id);
    expect(caused.traceparent).toMatch(new RegExp(`^00-${request.traceId}-[0-9a-f]{16}-01$`));
  });
});
