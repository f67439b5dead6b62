import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One span as an OTLP/HTTP JSON exporter sent it, with its service. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
}

/** One metric data point as received, with its metric's name and service. */
export interface ReceivedPoint {
  service: string;
  metric: string;
  attributes: Record<string, unknown>;
  /** The point as sent (asInt / asDouble, or count / sum / bucketCounts for a histogram). */
  point: Record<string, unknown>;
}

export interface OtlpReceiver {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  spans(): ReceivedSpan[];
  points(): ReceivedPoint[];
  /** Set to false to answer 200 without keeping anything (a no-op collector, for benchmarks). */
  keep: boolean;
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key: string; value: AnyValue };

function plainValue(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plainValue);
  return undefined;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, plainValue(kv.value)]));
}

// The JSON encoding of OTLP writes ids as hex (the protobuf one as bytes).
const hex = (id: string | undefined) => (id ? id.toLowerCase() : undefined);

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A local OTLP/HTTP JSON receiver (what an OpenTelemetry Collector would be), keeping what service
 * processes export in memory for a test's assertions, or dropping it (`keep = false`).
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const points: ReceivedPoint[] = [];
  const receiver = { keep: true } as OtlpReceiver;
  const server = createServer(async (request, response) => {
    const text = await bodyOf(request);
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
    if (!receiver.keep || !text) return;
    const body = JSON.parse(text);
    if (request.url === "/v1/traces") {
      for (const rs of body.resourceSpans ?? []) {
        const service = String(attributesOf(rs.resource?.attributes)["service.name"]);
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              service,
              traceId: hex(s.traceId)!,
              spanId: hex(s.spanId)!,
              parentSpanId: hex(s.parentSpanId) || undefined,
              name: s.name,
              kind: s.kind,
              attributes: attributesOf(s.attributes),
              links: (s.links ?? []).map((l: { traceId: string; spanId: string }) => ({
                traceId: hex(l.traceId)!,
                spanId: hex(l.spanId)!,
              })),
            });
      }
    } else if (request.url === "/v1/metrics") {
      for (const rm of body.resourceMetrics ?? []) {
        const service = String(attributesOf(rm.resource?.attributes)["service.name"]);
        for (const sm of rm.scopeMetrics ?? [])
          for (const m of sm.metrics ?? []) {
            const data = m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram ?? {};
            for (const point of data.dataPoints ?? [])
              points.push({ service, metric: m.name, attributes: attributesOf(point.attributes), point });
          }
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...spans],
    points: () => [...points],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
