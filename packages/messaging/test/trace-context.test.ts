import { context, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { contextFromTraceparent, currentTraceparent } from "../src/trace-context.ts";

// No OpenTelemetry SDK in this file: no propagator, no context manager. The trace must still travel.
describe("trace context without an SDK", () => {
  const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  it("reads a traceparent into a remote parent context, and writes it back", () => {
    const parent = contextFromTraceparent(traceparent);
    expect(trace.getSpanContext(parent)).toEqual({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      traceFlags: 1,
      isRemote: true,
    });
    expect(currentTraceparent(parent)).toBe(traceparent);
  });

  it("ignores what is not W3C trace context", () => {
    expect(contextFromTraceparent(undefined)).toBe(ROOT_CONTEXT);
    expect(contextFromTraceparent("garbage")).toBe(ROOT_CONTEXT);
    expect(contextFromTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).toBe(
      ROOT_CONTEXT,
    );
  });

  it("has no traceparent outside a trace", () => {
    expect(currentTraceparent(context.active())).toBeUndefined();
  });
});
