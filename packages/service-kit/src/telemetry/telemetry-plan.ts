/** Where a process sends its traces and metrics, from its environment. */
export interface TelemetryPlan {
  /** App Insights' connection string: Azure Monitor's trace and metric exporters. */
  azureMonitor?: string;
  /** OTLP over HTTP (JSON) to this endpoint (`/v1/traces`, `/v1/metrics` are appended). */
  otlpEndpoint?: string;
  /** `OTEL_TRACES_EXPORTER=console`: spans printed on stdout, for a look on a developer's machine. */
  console: boolean;
  /** How often metrics are exported (OTEL_METRIC_EXPORT_INTERVAL, default 60 s). */
  metricIntervalMs: number;
  /** How long ended spans wait to be exported in a batch (OTEL_BSP_SCHEDULE_DELAY, default 5 s). */
  spanDelayMs: number;
  /**
   * Share of new traces recorded, 0–1 (OTEL_TRACES_SAMPLER=parentbased_traceidratio with
   * OTEL_TRACES_SAMPLER_ARG; default 1: every trace). A trace continued from a caller follows the
   * caller's decision either way, so a trace is whole or absent, never cut in the middle.
   */
  samplingRatio: number;
}

function ratioOf(env: NodeJS.ProcessEnv): number {
  if (env.OTEL_TRACES_SAMPLER?.trim() !== "parentbased_traceidratio") return 1;
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? "1");
  return Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1;
}

function milliseconds(value: string | undefined, fallback: number): number {
  const ms = Number(value);
  return value && Number.isInteger(ms) && ms > 0 ? ms : fallback;
}

/**
 * Telemetry is on when something receives it: APPLICATIONINSIGHTS_CONNECTION_STRING,
 * OTEL_EXPORTER_OTLP_ENDPOINT, or OTEL_TRACES_EXPORTER=console. Off otherwise (undefined), and then
 * no SDK is loaded: the kit's spans and instruments stay the API's no-ops. OTEL_SDK_DISABLED=true
 * turns it off whatever else is set.
 */
export function telemetryPlan(env: NodeJS.ProcessEnv): TelemetryPlan | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return undefined;
  const azureMonitor = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim() || undefined;
  const otlpEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
  const console = (env.OTEL_TRACES_EXPORTER ?? "").split(",").some((e) => e.trim() === "console");
  if (!azureMonitor && !otlpEndpoint && !console) return undefined;
  return {
    ...(azureMonitor ? { azureMonitor } : {}),
    ...(otlpEndpoint ? { otlpEndpoint } : {}),
    console,
    metricIntervalMs: milliseconds(env.OTEL_METRIC_EXPORT_INTERVAL, 60_000),
    spanDelayMs: milliseconds(env.OTEL_BSP_SCHEDULE_DELAY, 5_000),
    samplingRatio: ratioOf(env),
  };
}
