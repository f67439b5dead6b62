import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver, waitFor } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFleet, type TestFleet } from "./fleet-harness.ts";
import { orderReaches, shopWith } from "./lifecycle-support.ts";

// OTLP's span kinds.
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/** The span and its ancestors, up to the root or to the first parent not received (yet). */
function ancestry(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain = [span];
  for (let at = span; at.parentSpanId; ) {
    const parent = byId.get(at.parentSpanId);
    if (!parent) break;
    chain.push(parent);
    at = parent;
  }
  return chain;
}

// The gateway and four services as processes (their telemetry started by the kit's process entry),
// exporting over OTLP to a receiver in this test that keeps what they send in memory.
describe("one trace from a gateway request to billing's handler", () => {
  let receiver: OtlpReceiver;
  let fleet: TestFleet;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    fleet = await startTestFleet(["gateway", "catalog", "customer", "ordering", "billing"], {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: "100",
      OTEL_METRIC_EXPORT_INTERVAL: "500",
      // The mediator logs each message it handled at debug: those are the lines inside the trace.
      LOG_LEVEL: "debug",
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    await receiver?.close();
  });

  it("runs gateway → ordering's command → outbox relay → bus → catalog → ordering → billing's handler", async () => {
    const shop = await shopWith(fleet, 5);
    // Placed directly (ordering learns the customer and product from events first); the confirmation
    // goes through the gateway and starts the trace.
    const placed = await placeAndConfirmLater(fleet, shop);
    const confirm = await fetch(`${fleet.url("gateway")}/api/orders/${placed}/confirm`, {
      method: "POST",
      headers: { authorization: `Bearer ${await fleet.token("e2e-staff", ["admin"])}` },
    });
    expect(confirm.status, await confirm.text()).toBe(200);
    await orderReaches(fleet, placed, "Paid");

    const command = await waitFor("ordering's ConfirmOrder span", () =>
      receiver.spans().find((s) => s.service === "ordering" && s.name === "command ConfirmOrder"),
    );
    const traceId = command.traceId;
    // Complete once every span from billing's handler up to the root has been exported.
    const chain = await waitFor("billing's handler span, connected up to the gateway's request", () => {
      const spans = receiver.spans().filter((s) => s.traceId === traceId);
      const handler = spans.find(
        (s) => s.service === "billing" && s.kind === CONSUMER && s.name === "process ordering.billing",
      );
      const up = handler ? ancestry(handler, spans) : [];
      return up.at(-1)?.parentSpanId === undefined && up.at(-1)?.service === "gateway" ? up : undefined;
    }).catch((error: Error) => {
      // What was received, to see where the trace broke.
      const spans = receiver.spans().filter((s) => s.traceId === traceId);
      const shown = spans.map((s) => `${s.service}:${s.name}:${s.spanId}<-${s.parentSpanId ?? "root"}`);
      throw new Error(`${error.message}\n${shown.join("\n")}`);
    });

    const root = chain.at(-1)!;
    expect(root.kind).toBe(SERVER);
    // From the root down: the gateway's request, ordering's request and command, then each hop.
    const path = chain.reverse().map((s) => `${s.service}:${s.name}`);
    expect(path.indexOf("ordering:command ConfirmOrder")).toBeGreaterThan(0);
    expect(path).toContain("catalog:process ordering.catalog");
    expect(path).toContain("ordering:process catalog.ordering");
    expect(path.at(-1)).toBe("billing:process ordering.billing");
    // Each bus hop: a PRODUCER span in the publisher, its CONSUMER child in the consumer.
    for (const [index, span] of chain.entries()) {
      if (span.kind !== CONSUMER) continue;
      const producer = chain[index - 1]!;
      expect(producer.kind, `${producer.name} → ${span.name}`).toBe(PRODUCER);
      expect(producer.service).not.toBe(span.service);
    }
    const services = new Set(chain.map((s) => s.service));
    expect([...services].sort()).toEqual(["billing", "catalog", "gateway", "ordering"]);

    // The database work is in the trace too (pg instrumentation under Prisma's adapter and pg-boss).
    const inTrace = receiver.spans().filter((s) => s.traceId === traceId);
    expect(
      inTrace.some((s) => s.service === "billing" && s.attributes["db.system.name"] === "postgresql"),
    ).toBe(true);

    // Logs written inside the trace carry its ids, each one of a span of the trace (once exported).
    await waitFor("billing's log lines in the trace, each with a span of it", () => {
      const spanIds = new Set(
        receiver
          .spans()
          .filter((s) => s.traceId === traceId)
          .map((s) => s.spanId),
      );
      const traced = fleet.output
        .filter((line) => line.startsWith("[billing] {"))
        .map((line) => JSON.parse(line.slice("[billing] ".length)) as Record<string, unknown>)
        .filter((l) => l.trace_id === traceId);
      return traced.length > 0 && traced.every((l) => spanIds.has(l.span_id as string));
    });
  });

  it("exports the fleet's metrics: per route, per command and query, per subscription, outbox and cache", async () => {
    const shop = await shopWith(fleet, 5);
    for (let i = 0; i < 2; i++) {
      const read = await fetch(`${fleet.url("gateway")}/api/products/${shop.productId}`);
      expect(read.status).toBe(200);
    }
    const has = (service: string, metric: string, attributes: Record<string, unknown>) =>
      receiver
        .points()
        .some(
          (p) =>
            p.service === service &&
            p.metric === metric &&
            Object.entries(attributes).every(([key, value]) => p.attributes[key] === value),
        );
    await waitFor("the metrics of the first test and of these reads", () =>
      [
        has("ordering", "http.server.request.duration", { "http.route": "/orders/:id/confirm" }),
        has("gateway", "http.server.request.duration", { "http.route": "/api/products/*" }),
        has("ordering", "app.message.duration", {
          "app.message.name": "ConfirmOrder",
          "app.message.kind": "command",
        }),
        has("catalog", "app.message.duration", { "app.message.kind": "query" }),
        has("billing", "messaging.handler.deliveries", {
          "messaging.destination.subscription.name": "ordering.billing",
        }),
        has("ordering", "outbox.pending", {}),
        has("ordering", "outbox.oldest_pending.age", {}),
        has("catalog", "cache.lookups", { "cache.result": "hit" }),
        has("catalog", "cache.lookups", { "cache.result": "miss" }),
      ].every(Boolean),
    );
  });
});

/** An order placed (not confirmed) through ordering, once it knows the customer and the product. */
async function placeAndConfirmLater(
  fleet: TestFleet,
  shop: { customerId: string; productId: string },
): Promise<string> {
  return waitFor(
    "ordering to know the customer and the product",
    async () => {
      const res = await fleet.json<{ id: string }>("ordering", "POST", "/orders", {
        customerId: shop.customerId,
        lines: [{ productId: shop.productId, quantity: 1 }],
        paymentMethod: { token: "tok_ok" },
      });
      if (res.status >= 500) throw new Error(`ordering answered ${res.status}`);
      return res.status === 201 ? res.body.id : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}
