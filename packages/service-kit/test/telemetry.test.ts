import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Only the telemetry modules before telemetry starts: what it instruments (pg, Fastify's http) must
// load after, as in a service's process.
import { startTelemetry, type Telemetry } from "../src/telemetry/start-telemetry.ts";
import { telemetryPlan } from "../src/telemetry/telemetry-plan.ts";

/**
 * A stand-in for Application Insights' ingestion endpoint (HTTPS, as the exporter insists on, with a
 * throw-away self-signed certificate): keeps every envelope posted to it.
 */
async function ingestionEndpoint() {
  const dir = mkdtempSync(join(tmpdir(), "ingestion-"));
  const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  const tls = { key: readFileSync(key), cert: readFileSync(cert) };
  rmSync(dir, { recursive: true, force: true });
  // The exporter's client must trust that certificate: this test process only.
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  const envelopes: Record<string, unknown>[] = [];
  const server = createServer(tls, async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (request.headers["content-encoding"] === "gzip") body = gunzipSync(body);
    const items = JSON.parse(body.toString("utf8")) as Record<string, unknown>[];
    envelopes.push(...items);
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    envelopes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("telemetry plan", () => {
  it("is off unless something receives the telemetry", () => {
    expect(telemetryPlan({})).toBeUndefined();
    expect(telemetryPlan({ APPLICATIONINSIGHTS_CONNECTION_STRING: "  " })).toBeUndefined();
    expect(
      telemetryPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" }),
    ).toBeUndefined();
    expect(telemetryPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toMatchObject({
      otlpEndpoint: "http://collector:4318",
      console: false,
      metricIntervalMs: 60_000,
      samplingRatio: 1,
    });
    expect(
      telemetryPlan({
        APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=k",
        OTEL_METRIC_EXPORT_INTERVAL: "5000",
      }),
    ).toMatchObject({ azureMonitor: "InstrumentationKey=k", metricIntervalMs: 5000 });
    expect(telemetryPlan({ OTEL_TRACES_EXPORTER: "console" })).toMatchObject({ console: true });
    expect(
      telemetryPlan({
        OTEL_TRACES_EXPORTER: "console",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.1",
      }),
    ).toMatchObject({ samplingRatio: 0.1 });
  });

  it("off, starts nothing: spans stay the API's no-ops", async () => {
    const telemetry = await startTelemetry({ serviceName: "probe", env: {} });
    expect(telemetry.enabled).toBe(false);
    const span = trace.getTracer("t").startSpan("nothing");
    expect(span.isRecording()).toBe(false);
    span.end();
  });
});

// One SDK per process: this part starts it once, exporting to Azure Monitor (a local ingestion
// endpoint) and to an in-memory exporter, then checks what HTTP, Fastify and pg produce.
describe("telemetry on", () => {
  const memory = new InMemorySpanExporter();
  let ingestion: Awaited<ReturnType<typeof ingestionEndpoint>>;
  let telemetry: Telemetry;
  beforeAll(async () => {
    ingestion = await ingestionEndpoint();
    telemetry = await startTelemetry({
      serviceName: "probe",
      env: {
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=${ingestion.url}`,
        OTEL_BSP_SCHEDULE_DELAY: "50",
      },
      spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
    });
  });
  afterAll(async () => {
    await telemetry?.shutdown();
    await ingestion?.close();
  });

  it("traces a Fastify request with its route and its pg statement, and sends it to Azure Monitor", async () => {
    // Loaded after telemetry started, as the process entry does.
    const { anonymous } = await import("../src/index.ts");
    const { createTestService } = await import("./support/test-service.ts");
    const { captureLogs } = await import("./support/log-capture.ts");
    const { waitFor } = await import("@ecommerce/test-support");
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({
      connectionString: process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    });
    const app = await createTestService({
      name: "probe",
      version: "1.0.0",
      logger: captureLogs("probe").logger,
    });
    app.get(
      "/things/:id",
      { config: { auth: anonymous() } },
      async () => (await pool.query("SELECT 1 AS one")).rows[0],
    );
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const response = await fetch(`${address}/things/7`, {
        headers: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
      });
      expect(response.status).toBe(200);
    } finally {
      await app.close();
      await pool.end();
    }
    const server = await waitFor("the HTTP server span", () =>
      memory.getFinishedSpans().find((s) => s.attributes["http.route"] === "/things/:id" && s.kind === 1),
    );
    // Continues the caller's trace (W3C traceparent), and the statement is inside it.
    expect(server.spanContext().traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    const statement = memory
      .getFinishedSpans()
      .find((s) => s.name.startsWith("pg.query") && s.spanContext().traceId === server.spanContext().traceId);
    expect(statement?.attributes["db.query.text"]).toBe("SELECT 1 AS one");

    await telemetry.flush();
    const request = await waitFor("Azure Monitor's request envelope", () =>
      ingestion.envelopes.find(
        (e) =>
          (e.data as { baseType?: string }).baseType === "RequestData" &&
          JSON.stringify(e).includes("/things/"),
      ),
    );
    expect((request.tags as Record<string, string>)["ai.operation.id"]).toBe(
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
    expect((request.tags as Record<string, string>)["ai.cloud.role"]).toBe("probe");
  });

  it("puts the active span's ids on every log line inside it, and none outside", async () => {
    const { captureLogs } = await import("./support/log-capture.ts");
    const logs = captureLogs("probe");
    trace.getTracer("t").startActiveSpan("work", (span) => {
      logs.logger.info("inside");
      span.end();
    });
    logs.logger.info("outside");
    const [inside, outside] = logs.entries();
    const span = memory.getFinishedSpans().find((s) => s.name === "work")!;
    expect(inside).toMatchObject({
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
    });
    expect(outside?.trace_id).toBeUndefined();
  });
});
