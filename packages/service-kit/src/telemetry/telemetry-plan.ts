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
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL);
  return {
    ...(azureMonitor ? { azureMonitor } : {}),
    ...(otlpEndpoint ? { otlpEndpoint } : {}),
    console,
    metricIntervalMs: Number.isInteger(interval) && interval > 0 ? interval : 60_000,
  };
}
