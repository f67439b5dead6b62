import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayUnderTest, gatewayUnderTest } from "./support/gateway-under-test.ts";

let gateway: GatewayUnderTest;
beforeAll(async () => {
  gateway = await gatewayUnderTest();
});
afterAll(async () => gateway?.close());

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("request and correlation ids, trace context", () => {
  it("takes the client's ids, forwards them to the service and returns them", async () => {
    const res = await gateway.fetch(`/api/orders/1`, {
      headers: { "x-request-id": "req-123", "x-correlation-id": "corr-456" },
    });
    expect(res.headers.get("x-request-id")).toBe("req-123");
    expect(res.headers.get("x-correlation-id")).toBe("corr-456");
    expect(gateway.seen.at(-1)?.headers).toMatchObject({
      "x-request-id": "req-123",
      "x-correlation-id": "corr-456",
    });
  });

  it("makes them when absent or malformed (the correlation id is then the request id)", async () => {
    for (const headers of [
      {},
      { "x-request-id": "bad id with spaces", "x-correlation-id": "x".repeat(500) },
    ]) {
      const res = await gateway.fetch(`/api/products`, { headers });
      const requestId = res.headers.get("x-request-id") ?? "";
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get("x-correlation-id")).toBe(requestId);
      expect(gateway.seen.at(-1)?.headers).toMatchObject({
        "x-request-id": requestId,
        "x-correlation-id": requestId,
      });
    }
  });

  it("forwards a valid W3C traceparent and tracestate, and drops malformed ones", async () => {
    await gateway.fetch(`/api/shipments/1`, {
      headers: { traceparent: TRACEPARENT, tracestate: "vendor=abc" },
    });
    expect(gateway.seen.at(-1)?.headers).toMatchObject({
      traceparent: TRACEPARENT,
      tracestate: "vendor=abc",
    });

    for (const traceparent of [
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "zz-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "<script>",
    ]) {
      await gateway.fetch(`/api/shipments/1`, { headers: { traceparent, tracestate: "vendor=abc" } });
      const seen = gateway.seen.at(-1)?.headers ?? {};
      expect(seen.traceparent, traceparent).toBeUndefined();
      expect(seen.tracestate, traceparent).toBeUndefined();
    }
  });

  it("tells the service who the client is (X-Forwarded-*), whatever the client claims", async () => {
    await gateway.fetch(`/api/customers/1`, { headers: { "x-forwarded-for": "10.9.9.9" } });
    expect(gateway.seen.at(-1)?.headers).toMatchObject({
      "x-forwarded-for": "127.0.0.1",
      "x-forwarded-proto": "http",
    });
  });
});
