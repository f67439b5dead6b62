import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_RESOURCES } from "../src/domain/public-routes.ts";
import { type GatewayUnderTest, gatewayUnderTest, rawRequest } from "./support/gateway-under-test.ts";

let gateway: GatewayUnderTest;
beforeAll(async () => {
  gateway = await gatewayUnderTest({
    respond: (_context, app) => {
      app.post("/orders", async (_request, reply) =>
        reply.code(201).header("location", "/orders/42").send({}),
      );
    },
  });
});
afterAll(async () => gateway?.close());

const last = () => gateway.seen.at(-1);

describe("the routing table", () => {
  it.each(PUBLIC_RESOURCES.map((r) => [r.resource, r.context] as const))(
    "/api/%s goes to %s, without /api: reads to its read instance, commands to its write instance",
    async (resource, context) => {
      const read = await gateway.fetch(`/api/${resource}/abc?limit=5&cursor=x`);
      expect(read.status).toBe(200);
      expect(last()).toMatchObject({
        upstream: `${context}-read`,
        method: "GET",
        url: `/${resource}/abc?limit=5&cursor=x`,
      });

      const write = await gateway.fetch(`/api/${resource}/abc/act`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ a: 1 }),
      });
      expect(write.status).toBe(200);
      expect(last()).toMatchObject({ upstream: context, method: "POST", url: `/${resource}/abc/act` });
      expect(JSON.parse(last()?.body ?? "")).toEqual({ a: 1 });

      await gateway.fetch(`/api/${resource}`, { method: "DELETE" });
      expect(last()).toMatchObject({ upstream: context, method: "DELETE", url: `/${resource}` });
    },
  );

  it("rewrites a service's Location to the public path", async () => {
    const res = await gateway.fetch(`/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/api/orders/42");
  });

  it("routes nothing else: unknown resources, a service's own paths, /api alone", async () => {
    const before = gateway.seen.length;
    for (const path of ["/api/audit", "/api", "/api/", "/products", "/health/../api/x", "/api/productsX/1"]) {
      const res = await gateway.fetch(`${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^application\/problem\+json/);
    }
    expect(gateway.seen.length).toBe(before);
  });

  it("refuses a path that could climb out of its resource (dot segments, encoded slashes), relaying nothing", async () => {
    const before = gateway.seen.length;
    for (const path of [
      "/api/products/../orders",
      "/api/products/%2e%2e/orders",
      "/api/products/.%2E/orders",
      "/api/products/..%2forders",
      "/api/products/%2e%2e%2f%2e%2e%2fhealth",
      "/api/products/x%5c..%5corders",
      "/api/products/./1",
      "/api/products/1%00",
    ]) {
      const res = await rawRequest(gateway.url, path);
      expect(res.status, path).toBe(400);
      expect(res.headers["content-type"], path).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body).code, path).toBe("bad_url");
    }
    expect(gateway.seen.slice(before)).toEqual([]);
  });
});
