import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayUnderTest, gatewayUnderTest } from "./support/gateway-under-test.ts";

let gateway: GatewayUnderTest;
beforeAll(async () => {
  gateway = await gatewayUnderTest({ corsOrigins: ["https://shop.example.com"] });
});
afterAll(async () => gateway?.close());

describe("security headers and CORS", () => {
  it("sends helmet's headers on relayed answers, errors and the gateway's own routes", async () => {
    for (const path of ["/api/products", "/api/nothing", "/health/live"]) {
      const res = await gateway.fetch(`${path}`);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("strict-transport-security"), path).toMatch(/max-age=\d+/);
      expect(res.headers.get("x-frame-options"), path).toBe("SAMEORIGIN");
      expect(res.headers.get("content-security-policy"), path).toContain("default-src 'self'");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(res.headers.get("x-powered-by"), path).toBeNull();
    }
  });

  it("answers a preflight from an allowed origin, with the headers the API takes", async () => {
    const res = await gateway.fetch(`/api/orders`, {
      method: "OPTIONS",
      headers: {
        origin: "https://shop.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, idempotency-key",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(res.headers.get("access-control-allow-headers")).toContain("idempotency-key");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    const simple = await gateway.fetch(`/api/products`, {
      headers: { origin: "https://shop.example.com" },
    });
    expect(simple.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(simple.headers.get("access-control-expose-headers")).toContain("x-request-id");
  });

  it("gives an origin outside the allow-list no CORS headers, so the browser refuses the answer", async () => {
    for (const origin of ["https://evil.example.com", "https://shop.example.com.evil.com", "null"]) {
      const res = await gateway.fetch(`/api/products`, { headers: { origin } });
      expect(res.headers.get("access-control-allow-origin"), origin).toBeNull();
      const preflight = await gateway.fetch(`/api/orders`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
      expect(preflight.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });
});
