import { randomUUID } from "node:crypto";
import { expectProblem } from "@ecommerce/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayUnderTest, gatewayUnderTest } from "./support/gateway-under-test.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const gateways: GatewayUnderTest[] = [];
afterEach(async () => {
  for (const g of gateways.splice(0)) await g.close();
});

async function answer(res: Response) {
  const body = await res.text();
  return {
    statusCode: res.status,
    headers: Object.fromEntries(res.headers),
    body,
    json: <T>() => JSON.parse(body) as T,
  };
}

describe("rate limit per client", () => {
  it("answers 429 problem+json with Retry-After past the limit, and says where the client stands before", async () => {
    const gateway = await gatewayUnderTest({ rateLimit: { max: 3, windowMs: 60_000 } });
    gateways.push(gateway);
    for (let i = 0; i < 3; i++) {
      const res = await gateway.fetch(`/api/products`);
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-remaining")).toBe(String(2 - i));
    }
    const seenBefore = gateway.seen.length;
    const refused = await answer(await gateway.fetch(`/api/products`));
    const body = expectProblem(refused, 429, "gateway.rate_limited");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(body.detail).toMatch(/more than 3 requests/);
    expect(gateway.seen.length).toBe(seenBefore);
    // Health probes are never limited.
    expect((await gateway.fetch(`/health/live`)).status).toBe(200);
  });

  it("counts in Redis when REDIS_URL is set: two gateway instances share one client's budget", async () => {
    // A client of its own per run: the counters of an earlier run in the same Redis do not count.
    const client = randomUUID();
    const options = {
      rateLimit: {
        max: 4,
        windowMs: 60_000,
        redisUrl: REDIS_URL,
        // Counters of their own: other gateways on this Redis (other tests) count from this address too.
        keyPrefix: `gateway-rate-limit-test-${client}:`,
        identityOf: (request: { headers: Record<string, unknown> }) => String(request.headers["x-client"]),
      },
    };
    const first = await gatewayUnderTest(options);
    const second = await gatewayUnderTest(options);
    gateways.push(first, second);
    const statuses: number[] = [];
    for (const gateway of [first, second, first, second, first]) {
      statuses.push((await gateway.fetch(`/api/categories`, { headers: { "x-client": client } })).status);
    }
    // Another client still has its whole budget.
    const other = await first.fetch(`/api/categories`, { headers: { "x-client": randomUUID() } });
    expect(other.status).toBe(200);
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses[4]).toBe(429);
  });
});
