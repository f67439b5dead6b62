import { createRequire } from "node:module";
import type { MetricReader } from "@opentelemetry/sdk-metrics";
import type { SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";
import { type TelemetryPlan, telemetryPlan } from "./telemetry-plan.ts";

export interface Telemetry {
  readonly enabled: boolean;
  /** Exports what is buffered (spans, metrics). */
  flush(): Promise<void>;
  /** Flushes and stops exporting; call once, after the service has stopped. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  serviceName: string;
  env?: NodeJS.ProcessEnv;
  /** Extra span processors (tests: an in-memory exporter); telemetry starts even without a plan. */
  spanProcessors?: SpanProcessor[];
  /** Extra metric readers (tests: an in-memory metric exporter). */
  metricReaders?: MetricReader[];
}

const OFF: Telemetry = { enabled: false, flush: async () => undefined, shutdown: async () => undefined };

// Health checks are polled (App Service every minute, load balancers more often): not traced.
const isHealthCheck = (url: string | undefined) => !!url && url.startsWith("/health");

/**
 * Starts OpenTelemetry's Node SDK for the process: HTTP (server and client), undici (the gateway's
 * relay, fetch), Fastify's routes
 * (@fastify/otel, which also names the route for the HTTP metrics), pg (Prisma's adapter and
 * pg-boss use it) and Redis, with W3C trace context propagation, exporting to Azure Monitor and/or
 * OTLP as the environment says (see telemetryPlan). Off, it loads nothing and costs nothing.
 *
 * Must run before the instrumented modules (pg, @redis/client, fastify's http) are first loaded:
 * the kit's process entry (`runService`) calls it, then imports the service.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const env = options.env ?? process.env;
  const plan = telemetryPlan(env);
  if (!plan && !options.spanProcessors?.length && !options.metricReaders?.length) return OFF;
  const [
    { NodeSDK },
    {
      BatchSpanProcessor,
      SimpleSpanProcessor,
      ConsoleSpanExporter,
      ParentBasedSampler,
      TraceIdRatioBasedSampler,
    },
    { PeriodicExportingMetricReader },
    { HttpInstrumentation },
    { PgInstrumentation },
    { RedisInstrumentation },
    { UndiciInstrumentation },
    fastifyOtel,
  ] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/sdk-trace"),
    import("@opentelemetry/sdk-metrics"),
    import("@opentelemetry/instrumentation-http"),
    import("@opentelemetry/instrumentation-pg"),
    import("@opentelemetry/instrumentation-redis"),
    import("@opentelemetry/instrumentation-undici"),
    import("@fastify/otel"),
  ]);
  // A CommonJS module: its named export, as tsx and Node give it, or under `default` in a bundle.
  const FastifyOtelInstrumentation =
    fastifyOtel.FastifyOtelInstrumentation ??
    (fastifyOtel as unknown as { default: typeof fastifyOtel }).default.FastifyOtelInstrumentation;
  const { spanExporters, metricExporters } = await exportersOf(plan);
  const spanProcessors: SpanProcessor[] = [
    ...spanExporters.map(
      (exporter) => new BatchSpanProcessor({ exporter, scheduledDelayMillis: plan?.spanDelayMs ?? 5_000 }),
    ),
    ...(plan?.console ? [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })] : []),
    ...(options.spanProcessors ?? []),
  ];
  const metricReaders: MetricReader[] = [
    ...metricExporters.map(
      (exporter) =>
        new PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: plan?.metricIntervalMs ?? 60_000,
        }),
    ),
    ...(options.metricReaders ?? []),
  ];
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(plan?.samplingRatio ?? 1) }),
    spanProcessors,
    metricReaders,
    // The fleet's logs go to stdout (pino, with trace ids): no OpenTelemetry log pipeline.
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isHealthCheck(request.url) }),
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        ignorePaths: (route: { url: string }) => isHealthCheck(route.url),
        // One span per request named by its route (and the route for the HTTP metrics), not one per
        // lifecycle hook and handler: those would cost more than they tell (the mediator's span is
        // the handler's work).
        instrumentHooks: false,
        instrumentHandler: false,
      }),
      // Only statements inside a trace: pg-boss's and the relay's polling would each start one.
      new PgInstrumentation({ requireParentSpan: true }),
      new RedisInstrumentation({ requireParentSpan: true }),
      // undici (and fetch): the gateway relays to the services through it.
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  sdk.start();
  // The HTTP instrumentation patches `http` when it is next required; ESM imports of node:http do
  // not require it, so require it once here and every importer sees the patched module.
  const require = createRequire(import.meta.url);
  require("node:http");
  require("node:https");
  const flushAll = async () => {
    await Promise.all([
      ...spanProcessors.map((p) => p.forceFlush()),
      ...metricReaders.map((r) => r.forceFlush()),
    ]);
  };
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    flush: flushAll,
    shutdown: () => {
      stopped ??= sdk.shutdown();
      return stopped;
    },
  };
}

async function exportersOf(plan: TelemetryPlan | undefined) {
  const spanExporters: SpanExporter[] = [];
  const metricExporters: import("@opentelemetry/sdk-metrics").PushMetricExporter[] = [];
  if (plan?.otlpEndpoint) {
    const [{ OTLPTraceExporter }, { OTLPMetricExporter }] = await Promise.all([
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/exporter-metrics-otlp-http"),
    ]);
    // Both read OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS) themselves.
    spanExporters.push(new OTLPTraceExporter());
    metricExporters.push(new OTLPMetricExporter());
  }
  if (plan?.azureMonitor) {
    const { AzureMonitorTraceExporter, AzureMonitorMetricExporter } = await import(
      "@azure/monitor-opentelemetry-exporter"
    );
    const connectionString = plan.azureMonitor;
    // Azure's exporter builds on OpenTelemetry JS 2.x types; the span and metric shapes it reads
    // are unchanged in 3.x (proved against a local ingestion endpoint in the kit's tests).
    spanExporters.push(new AzureMonitorTraceExporter({ connectionString }) as unknown as SpanExporter);
    metricExporters.push(
      new AzureMonitorMetricExporter({ connectionString }) as unknown as (typeof metricExporters)[number],
    );
  }
  return { spanExporters, metricExporters };
}
