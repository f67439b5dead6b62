import { afterEach, describe, expect, it } from "vitest";
import type { ServiceApp } from "../src/index.ts";
import { createTestService } from "./support/test-service.ts";
import { waitFor } from "./support/wait-for.ts";

/**
 * Keeps the event loop lagging, as sustained CPU-bound work would: under-pressure compares the mean
 * delay of each sampling interval, so one long block is not enough.
 */
function lagEventLoop(blockMs: number): () => void {
  const timer = setInterval(() => {
    const until = Date.now() + blockMs;
    while (Date.now() < until) {
      // spin
    }
  }, 1);
  return () => clearInterval(timer);
}

describe("load shedding (@fastify/under-pressure)", () => {
  const apps: ServiceApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  async function serviceWith(options: { maxEventLoopDelayMs?: number; environment?: "test" }) {
    const app = await createTestService({ name: "busy", version: "1.0.0", logger: false, ...options });
    app.get("/hello", async () => ({ hello: "world" }));
    await app.ready();
    apps.push(app);
    return app;
  }

  it("answers 503 problem+json with Retry-After while the event loop lags, and serves again after", async () => {
    const guarded = await serviceWith({ maxEventLoopDelayMs: 100 });
    // The same lag, seen by a service built for tests: there, shedding is off.
    const inTests = await serviceWith({ environment: "test" });
    expect((await guarded.inject({ method: "GET", url: "/hello" })).statusCode).toBe(200);

    const stopLag = lagEventLoop(200);
    let shed: Awaited<ReturnType<ServiceApp["inject"]>> | undefined;
    try {
      await waitFor(async () => {
        const response = await guarded.inject({ method: "GET", url: "/hello" });
        if (response.statusCode === 503) shed = response;
        return shed !== undefined;
      }, "a request to be shed while the event loop lags");
      expect((await inTests.inject({ method: "GET", url: "/hello" })).statusCode).toBe(200);
      // Health is never shed: liveness answers, in its own format, while /hello is refused.
      const live = await guarded.inject({ method: "GET", url: "/health/live" });
      expect(live.statusCode).toBe(200);
      expect(live.json()).toMatchObject({ status: "ok" });
    } finally {
      stopLag();
    }
    expect(shed?.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(shed?.headers["retry-after"]).toBe("5");
    expect(shed?.json()).toMatchObject({ status: 503, code: "overloaded" });

    await waitFor(
      async () => (await guarded.inject({ method: "GET", url: "/hello" })).statusCode === 200,
      "the service to serve again once the lag is gone",
    );
  });
});
