import { connect } from "node:net";
import { expectProblem } from "@ecommerce/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayUnderTest, gatewayUnderTest } from "./support/gateway-under-test.ts";

const gateways: GatewayUnderTest[] = [];
afterEach(async () => {
  for (const g of gateways.splice(0)) await g.close();
});

async function started(options: Parameters<typeof gatewayUnderTest>[0] = {}) {
  const gateway = await gatewayUnderTest(options);
  gateways.push(gateway);
  return gateway;
}

/** The fetch response in the shape the kit's problem assertions read. */
async function answer(res: Response) {
  const body = await res.text();
  return {
    statusCode: res.status,
    headers: Object.fromEntries(res.headers),
    body,
    json: <T>() => JSON.parse(body) as T,
  };
}

/** A port nothing listens on: opened, then closed. */
async function closedPort(): Promise<string> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe("failures are problem+json, never a hang", () => {
  it("a body over the limit: 413, and the service never sees it", async () => {
    const gateway = await started({ bodyLimitBytes: 2048 });
    const res = await gateway.fetch(`/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ note: "x".repeat(4096) }),
    });
    expectProblem(await answer(res), 413, "ctp_body_too_large");
    expect(gateway.seen).toEqual([]);
  });

  it("invalid JSON and a content type that is not JSON: 400 and 415 at the gateway", async () => {
    const gateway = await started();
    const invalid = await gateway.fetch(`/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":',
    });
    expectProblem(await answer(invalid), 400, "ctp_invalid_json_body");
    const xml = await gateway.fetch(`/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<a/>",
    });
    expectProblem(await answer(xml), 415, "ctp_invalid_media_type");
    const poisoned = await gateway.fetch(`/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"__proto__":{"admin":true}}',
    });
    expect((await answer(poisoned)).statusCode).toBe(400);
    expect(gateway.seen).toEqual([]);
  });

  it("a service that does not answer in time: 504 after the upstream timeout", async () => {
    const gateway = await started({
      upstreamTimeoutMs: 300,
      respond: (context, app) => {
        if (context === "billing") app.get("/invoices/slow", () => new Promise(() => undefined));
      },
    });
    const res = await gateway.fetch(`/api/invoices/slow`);
    const body = expectProblem(await answer(res), 504, "gateway.upstream_timeout");
    expect(body.detail).toContain("billing");
    // The gateway is still fine.
    expect((await gateway.fetch(`/api/invoices/fast`)).status).toBe(200);
  });

  it("a service that is down: 503 with Retry-After, for reads and commands", async () => {
    const down = await closedPort();
    const base = await started();
    const gateway = await started({
      upstreams: { ...base.upstreams, shipping: { write: down, read: down } },
    });
    for (const method of ["GET", "POST"]) {
      const res = await gateway.fetch(`/api/shipments/1`, {
        method,
        ...(method === "POST" ? { headers: { "content-type": "application/json" }, body: "{}" } : {}),
      });
      const seen = await answer(res);
      expectProblem(seen, 503, "gateway.upstream_unavailable");
      expect(seen.headers["retry-after"]).toBe("5");
    }
    expect((await gateway.fetch(`/api/orders/1`)).status).toBe(200);
  });

  it("a client sending its body too slowly: 408, and nothing reaches the service", async () => {
    const gateway = await started({ requestTimeoutMs: 500 });
    const { port } = new URL(gateway.url);
    const socket = connect(Number(port), "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => {
      received += chunk;
    });
    const closed = new Promise((resolve) => socket.on("close", resolve));
    socket.write(
      `POST /api/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${gateway.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
    );
    // One byte now and then, never the whole body: the server must cut it off on its own.
    const drip = setInterval(() => socket.writable && socket.write(" "), 100);
    await closed;
    clearInterval(drip);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(received).toContain("application/problem+json");
    expect(gateway.seen).toEqual([]);
    expect((await gateway.fetch(`/health/live`)).status).toBe(200);
  });
});
