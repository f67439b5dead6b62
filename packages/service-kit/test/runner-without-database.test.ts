import { afterEach, describe, expect, it } from "vitest";
import { anonymous, createService, defineService, runServiceSpec, startService } from "../src/index.ts";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A service that owns no database (as the gateway): only an app. */
function databaseless(seen: { db?: unknown; built?: boolean }) {
  return defineService({
    name: "edge",
    port: 0,
    build: async (deps) => {
      seen.db = deps.db;
      seen.built = true;
      const app = await createService({
        name: "edge",
        version: "0.0.0",
        environment: deps.environment,
        logger: deps.logger,
        readiness: deps.readiness,
        auth: deps.auth,
      });
      app.get("/ping", { config: { auth: anonymous() } }, async () => ({ pong: true }));
      app.addHook("onClose", deps.beforeClose);
      await app.ready();
      return { app };
    },
  });
}

describe("a service without a database", () => {
  it("starts without DATABASE_URL, migrates nothing, runs no bus even when one is configured", async () => {
    const seen: { db?: unknown; built?: boolean } = {};
    const running = await startService(databaseless(seen), {
      NODE_ENV: "test",
      PORT: "0",
      LOG_LEVEL: "silent",
      // The fleet hands every service the bus; a service with no outbox and no inbox ignores it.
      BUS_DATABASE_URL: "postgres://postgres@127.0.0.1:1/never",
    });
    cleanup.push(() => running.stop());
    expect(seen).toEqual({ db: undefined, built: true });
    expect(running.bus).toBeUndefined();
    expect(running.relay).toBeUndefined();
    const pong = await fetch(`${running.address}/ping`);
    expect(await pong.json()).toEqual({ pong: true });
    const ready = await fetch(`${running.address}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: unknown }).checks).toEqual({});
  });

  it("answers --migrate-only with nothing to migrate", async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      await runServiceSpec(databaseless({}), ["--migrate-only"], { NODE_ENV: "test" });
    } finally {
      console.log = log;
    }
    expect(lines).toEqual(["edge: no database, nothing to migrate"]);
  });

  it("refuses a spec with a database but no migrations (or the reverse) before starting anything", async () => {
    const half = {
      ...databaseless({}),
      database: () => ({ $disconnect: async () => undefined }),
    };
    await expect(startService(half, { NODE_ENV: "test", PORT: "0", LOG_LEVEL: "silent" })).rejects.toThrow(
      "edge: a spec declares both database and migrations, or neither",
    );
    const other = { ...databaseless({}), migrations: ["/nowhere"] };
    await expect(startService(other, { NODE_ENV: "test", PORT: "0", LOG_LEVEL: "silent" })).rejects.toThrow(
      /both database and migrations, or neither/,
    );
  });
});
