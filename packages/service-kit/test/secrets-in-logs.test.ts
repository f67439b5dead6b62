import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { createTestDatabase } from "@ecommerce/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { anonymous, startService } from "../src/index.ts";
import { probeSpec } from "./fixtures/probe-service.ts";
import { FakeSecretStore } from "./support/fake-secret-store.ts";
import { FakeTokenCredential } from "./support/fake-token-credential.ts";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.username ||= "postgres";
  parsed.password = password;
  return parsed.toString();
}

function memoryStream() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { stream, text: () => chunks.join("") };
}

describe("no secret in a full run's output", () => {
  it("start (secrets from Key Vault and the environment), requests, a bad request, an error, readiness, shutdown", async () => {
    const [service, bus] = await Promise.all([
      createTestDatabase({ prefix: "secrets" }),
      createTestDatabase({ prefix: "secrets_bus" }),
    ]);
    cleanup.push(() => Promise.all([service.drop(), bus.drop()]));
    // The local servers ignore these passwords (trust, and a Redis user without one): they are
    // configured like real ones and must never be written anywhere.
    const secrets = {
      database: `Db-${randomUUID()}`,
      bus: `Bus-${randomUUID()}`,
      redis: `Redis-${randomUUID()}`,
    };
    const databaseUrl = withPassword(service.url, secrets.database);
    const vault = new FakeSecretStore({
      "probe--DATABASE-URL": databaseUrl,
      "REDIS-URL": `redis://default:${secrets.redis}@127.0.0.1:6379`,
    });
    const env = {
      NODE_ENV: "test",
      PORT: "0",
      LOG_LEVEL: "trace",
      KEY_VAULT_URL: "https://fleet-kv.vault.azure.net",
      BUS_DATABASE_URL: withPassword(bus.url, secrets.bus),
      BUS_POLL_INTERVAL_SECONDS: "0.5",
    };
    const output = memoryStream();
    const running = await startService(
      probeSpec({
        instance: "secrets",
        routes: (app) => {
          // A driver error that repeats its connection string, as some do.
          app.get("/explode", { config: { auth: anonymous() } }, async () => {
            throw new Error(`could not connect to ${databaseUrl}`);
          });
        },
      }),
      env,
      {
        logDestination: output.stream,
        azure: { credential: new FakeTokenCredential(), secretStore: () => vault },
      },
    );
    let stopped = false;
    cleanup.push(() => (stopped ? Promise.resolve() : running.stop()));
    expect(running.cache?.kind).toBe("redis");

    const app = running.built.app;
    const answers = [
      await app.inject({ method: "POST", url: "/echo", payload: { hello: "world" } }),
      await app.inject({
        method: "POST",
        url: "/echo",
        headers: { "content-type": "application/json" },
        payload: "{not json",
      }),
      await app.inject({ method: "GET", url: "/explode" }),
      await app.inject({ method: "GET", url: "/health/ready" }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 400, 500, 200]);
    await running.stop();
    stopped = true;

    const logs = output.text();
    // The run really happened and was logged: start, each request, the error, shutdown.
    expect(logs).toContain("listening on");
    expect(logs).toContain("/explode");
    expect(logs).toContain("closing the database");
    // The error's message was logged with the secret blanked (a Key Vault value is a secret as a
    // whole), not dropped.
    expect(logs).toContain("could not connect to [redacted]");
    const everything = [logs, ...answers.map((a) => a.body)].join("\n");
    for (const secret of Object.values(secrets)) expect(everything).not.toContain(secret);
  });
});
